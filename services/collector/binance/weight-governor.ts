// Keeps REST requests inside a share of Binance's request-weight limit
// (rest-api.md "IP Limits"): every response says how much weight the IP
// has used this minute (X-MBX-USED-WEIGHT-1M); requests in flight are
// counted too, since their weight is charged before their answer arrives.
// A 429 or 418 carries Retry-After: nothing is sent until it has passed.
// Pure: the caller passes the time.

const MINUTE_MS = 60_000;

export class WeightGovernor {
  private minute = -1;
  /** Weight the server reported for the current minute. */
  private reported = 0;
  /** Weight of requests sent this minute whose answer has not come back. */
  private inFlight = 0;
  private blockedUntil = 0;

  constructor(
    /** The weight per minute this process allows itself. */
    readonly budget: number,
  ) {
    if (!Number.isInteger(budget) || budget < 1) throw new Error(`weight budget must be an integer >= 1, got ${budget}`);
  }

  /** Weight used this minute as far as known (reported plus in flight). */
  usedAt(now: number): number {
    this.roll(now);
    return this.reported + this.inFlight;
  }

  /** How long to wait from `now` before a request of `weight` may go (0: now). */
  delayFor(weight: number, now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.roll(now);
    // A request heavier than the budget could never go: let it alone in a fresh minute.
    if (this.reported + this.inFlight === 0 || this.reported + this.inFlight + weight <= this.budget) return 0;
    return (this.minute + 1) * MINUTE_MS - now;
  }

  /** A request of `weight` is sent now. */
  sent(weight: number, now: number): void {
    this.roll(now);
    this.inFlight += weight;
  }

  /** Its answer arrived; `usedWeight` is the X-MBX-USED-WEIGHT-1M header when present. */
  answered(weight: number, usedWeight: number | undefined, now: number): void {
    const sameMinute = Math.floor(now / MINUTE_MS) === this.minute;
    this.roll(now);
    if (sameMinute) this.inFlight = Math.max(0, this.inFlight - weight);
    if (usedWeight !== undefined) this.reported = Math.max(this.reported, usedWeight);
    else if (sameMinute) this.reported += weight;
  }

  /** A 429 or 418 with Retry-After (seconds): nothing goes before it has passed. */
  retryAfter(seconds: number, now: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, now + seconds * 1_000);
  }

  private roll(now: number): void {
    const minute = Math.floor(now / MINUTE_MS);
    if (minute === this.minute) return;
    this.minute = minute;
    this.reported = 0;
    this.inFlight = 0;
  }
}
