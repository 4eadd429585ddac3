// A sliding-window rate limit: at most `limit` events in any `windowMs`.
// Used for Binance's "300 connections per 5 minutes per IP" and "5 incoming
// messages per second per connection". Pure: the caller passes the time.

export class SlidingWindow {
  /** Times of the events still inside the window, oldest first. */
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`sliding window limit must be an integer >= 1, got ${limit}`);
    if (!(windowMs > 0)) throw new Error(`sliding window length must be > 0 ms, got ${windowMs}`);
  }

  /** How long to wait from `now` before one more event is allowed (0: allowed now). */
  delayAt(now: number): number {
    this.expire(now);
    if (this.times.length < this.limit) return 0;
    // The oldest event leaves the window windowMs after it happened.
    return (this.times[0] as number) + this.windowMs - now;
  }

  /** Records an event at `now`; call only when delayAt(now) is 0. */
  record(now: number): void {
    this.expire(now);
    if (this.times.length >= this.limit) throw new Error(`sliding window: event at ${now} exceeds ${this.limit} per ${this.windowMs} ms`);
    this.times.push(now);
  }

  private expire(now: number): void {
    while (this.times.length > 0 && (this.times[0] as number) + this.windowMs <= now) this.times.shift();
  }
}
