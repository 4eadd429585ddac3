// Retries for calls to external systems (exchange REST, Redis, PostgreSQL):
// exponential backoff with full jitter, a bounded number of attempts, every
// retry logged and every attempt counted, and an abort signal so a shutdown
// never waits out a backoff.
import { backOff } from 'exponential-backoff';
import type { Logger } from 'pino';
import type { Counter, Registry } from 'prom-client';
import { isWickError, WickError, type WickErrorCode } from '../errors/index.js';
import { createCounter } from '../metrics/index.js';

export interface RetryPolicy {
  /** Attempts in total, the first included; at least 1. */
  readonly maxAttempts: number;
  /** Upper bound of the delay before the second attempt; it doubles per attempt. */
  readonly startingDelayMs: number;
  /** Cap on any single delay. */
  readonly maxDelayMs: number;
  /** `full` (default) waits a random time up to the bound, so many clients do not retry in step. */
  readonly jitter?: 'full' | 'none';
}

export type RetryOutcome = 'success' | 'retry' | 'exhausted' | 'not_retryable' | 'aborted';

export interface RetryMetrics {
  /** wick_retry_attempts_total{name, outcome}: one increment per attempt. */
  readonly attempts: Counter<'name' | 'outcome'>;
}

export interface RetryOptions extends RetryPolicy {
  /** What is retried, as logs and metrics name it: `binance-rest`, `redis-checkpoint`. */
  readonly name: string;
  /** Whether a failure is worth another attempt; default: see isTransient. */
  readonly retryIf?: (error: unknown, attempt: number) => boolean;
  readonly logger: Logger;
  readonly metrics: RetryMetrics;
  /** Aborting stops at once with the abort reason; no further attempt starts. */
  readonly signal?: AbortSignal;
}

export function createRetryMetrics(registry: Registry): RetryMetrics {
  return {
    attempts: createCounter(registry, {
      name: 'wick_retry_attempts_total',
      help: 'Attempts of retried operations by outcome: success, retry, exhausted, not_retryable, aborted.',
      labelNames: ['name', 'outcome'] as const,
    }),
  };
}

const TRANSIENT_CODES: ReadonlySet<WickErrorCode> = new Set(['unavailable', 'timeout', 'conflict', 'rate_limited']);

/** Default retryIf: wick errors only when their code is transient; foreign errors (sockets, drivers) always. */
export function isTransient(error: unknown): boolean {
  return isWickError(error) ? TRANSIENT_CODES.has(error.code) : true;
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  checkPolicy(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const count = (outcome: RetryOutcome) => options.metrics.attempts.inc({ name: options.name, outcome });
  let attempt = 0;
  const attempts = backOff(
    async () => {
      attempt += 1;
      signal?.throwIfAborted();
      const result = await fn(attempt);
      count('success');
      return result;
    },
    {
      numOfAttempts: options.maxAttempts,
      startingDelay: options.startingDelayMs,
      maxDelay: options.maxDelayMs,
      jitter: options.jitter ?? 'full',
      retry: (error: unknown) => decide(error, attempt, options, count),
    },
  );
  if (signal === undefined) return attempts;
  return raceAbort(attempts, signal);
}

// The library cannot cut a backoff delay short, so the caller is released as
// soon as the signal aborts; the loop itself stops at its next step (the
// wrapped call checks the signal). A running fn should watch the signal too.
function raceAbort<T>(attempts: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new WickError('cancelled', 'retry aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    attempts.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function decide(error: unknown, attempt: number, options: RetryOptions, count: (outcome: RetryOutcome) => void): boolean {
  const fields = { retry: options.name, attempt, maxAttempts: options.maxAttempts, err: error };
  if (options.signal?.aborted) {
    count('aborted');
    return false;
  }
  if (!(options.retryIf ?? isTransient)(error, attempt)) {
    count('not_retryable');
    return false;
  }
  if (attempt >= options.maxAttempts) {
    count('exhausted');
    options.logger.warn(fields, `${options.name}: giving up after ${attempt} attempts`);
    return false;
  }
  count('retry');
  options.logger.warn(fields, `${options.name}: attempt ${attempt} of ${options.maxAttempts} failed, retrying`);
  return true;
}

function checkPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new Error(`retry maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  if (!(policy.startingDelayMs >= 0 && policy.maxDelayMs >= policy.startingDelayMs)) {
    throw new Error(`retry delays must satisfy 0 <= startingDelayMs <= maxDelayMs, got ${policy.startingDelayMs} and ${policy.maxDelayMs}`);
  }
}
