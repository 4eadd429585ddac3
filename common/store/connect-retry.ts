// Retries opening the store while the database is unreachable, so a service
// started before its database (or during a failover) waits instead of
// crash-looping. The backoff, jitter, logging and counting are common/retry's;
// this only says what is worth retrying: UNREACHABLE, never a wrong schema or
// a refused migration, which will not fix themselves.
import type { Logger } from '../log/index.js';
import type { Registry } from '../metrics/index.js';
import { createRetryMetrics, retry } from '../retry/index.js';
import { StoreError } from './errors.js';

export interface ConnectRetryPolicy {
  /** Attempts in all, the first included; 1 means no retry. */
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** For long-running services: about two minutes of attempts before giving up. */
export const SERVICE_CONNECT_RETRY: ConnectRetryPolicy = { attempts: 12, firstDelayMs: 500, maxDelayMs: 15_000 };

export function retryWhileUnreachable<T>(
  work: () => Promise<T>,
  policy: ConnectRetryPolicy,
  logger: Logger,
  registry: Registry,
): Promise<T> {
  return retry(() => work(), {
    name: 'database-connect',
    maxAttempts: policy.attempts,
    startingDelayMs: policy.firstDelayMs,
    maxDelayMs: policy.maxDelayMs,
    retryIf: (error) => error instanceof StoreError && error.code === 'UNREACHABLE',
    logger,
    metrics: createRetryMetrics(registry),
  });
}
