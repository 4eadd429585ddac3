// Reconnect delays: exponential growth with "equal jitter". Half of each
// delay is fixed so a server that drops us at once is never hammered (full
// jitter can draw ~0 ms again and again); the other half is random so many
// collectors cut off by the same outage do not come back in step.

export interface BackoffPolicy {
  /** Delay bound of the first retry. */
  readonly initialDelayMs: number;
  /** Cap on any delay. */
  readonly maxDelayMs: number;
}

/** Random numbers in [0, 1); Math.random in production, a fixed sequence in tests. */
export type RandomSource = () => number;

/**
 * The delay before retry number `attempt` (0 for the first retry after a
 * failure): a value in [bound / 2, bound) where bound = min(max, initial * 2^attempt).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: RandomSource): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new Error(`backoff attempt must be an integer >= 0, got ${attempt}`);
  // 2^attempt overflows to Infinity for huge attempts; Math.min caps it first.
  const bound = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 52));
  const half = bound / 2;
  return Math.floor(half + random() * half);
}

export function checkBackoffPolicy(policy: BackoffPolicy): void {
  if (!(policy.initialDelayMs > 0 && policy.maxDelayMs >= policy.initialDelayMs)) {
    throw new Error(`backoff needs 0 < initialDelayMs <= maxDelayMs, got ${policy.initialDelayMs} and ${policy.maxDelayMs}`);
  }
}
