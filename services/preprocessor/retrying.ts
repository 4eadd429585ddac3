// Retries of the preprocessor's calls to Redis and the candle store: a few
// attempts with jittered backoff, each logged and counted (common/retry).
// Past them the failure ends the partition's work; the consumer restarts it
// from the last checkpoint, which is always safe.
import type { Logger } from '../../common/log/index.js';
import { retry, type RetryMetrics, type RetryPolicy } from '../../common/retry/index.js';

export type Retrying = <T>(name: string, work: () => Promise<T>, retryIf?: (error: unknown) => boolean) => Promise<T>;

export const DEPENDENCY_RETRY: RetryPolicy = { maxAttempts: 4, startingDelayMs: 100, maxDelayMs: 2_000 };

export function retrying(options: { logger: Logger; metrics: RetryMetrics; policy?: RetryPolicy; signal?: AbortSignal }): Retrying {
  const policy = options.policy ?? DEPENDENCY_RETRY;
  return (name, work, retryIf) =>
    retry(() => work(), { ...policy, name, logger: options.logger, metrics: options.metrics, signal: options.signal, ...(retryIf === undefined ? {} : { retryIf }) });
}
