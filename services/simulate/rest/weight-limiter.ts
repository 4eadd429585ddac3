// Request weight per window, as Binance counts it for an IP: "Every request
// will contain X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter) in the
// response headers", "Requests fail with HTTP status code 429 when you
// exceed the request rate limit" and "A Retry-After header is sent with a
// 418 or 429 responses and will give the number of seconds required to
// wait" (rest-api.md, "LIMITS"). Windows are fixed and aligned to the wall
// clock (a minute window resets at each whole minute). All clients share
// one counter: the simulator is one IP's view of the exchange.

export interface WeightCheck {
  readonly allowed: boolean;
  /** Weight used in the current window, this request included when allowed. */
  readonly used: number;
  /** Whole seconds until the window resets (for Retry-After). */
  readonly retryAfterSeconds: number;
}

export class WeightLimiter {
  private windowStart = -Infinity;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly wallNow: () => number,
  ) {}

  /** `X-MBX-USED-WEIGHT-1M` for a one-minute window. */
  get headerName(): string {
    return `X-MBX-USED-WEIGHT-${intervalCode(this.windowMs)}`;
  }

  /** How exchangeInfo's rateLimits and the 429 message name the window: [1, 'MINUTE']. */
  get interval(): { readonly intervalNum: number; readonly interval: 'SECOND' | 'MINUTE' } {
    return this.windowMs % 60_000 === 0
      ? { intervalNum: this.windowMs / 60_000, interval: 'MINUTE' }
      : { intervalNum: Math.max(1, Math.ceil(this.windowMs / 1_000)), interval: 'SECOND' };
  }

  take(weight: number): WeightCheck {
    const now = this.wallNow();
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1_000));
    if (this.used + weight > this.limit) return { allowed: false, used: this.used, retryAfterSeconds };
    this.used += weight;
    return { allowed: true, used: this.used, retryAfterSeconds };
  }
}

function intervalCode(windowMs: number): string {
  if (windowMs % 60_000 === 0) return `${windowMs / 60_000}M`;
  return `${Math.max(1, Math.ceil(windowMs / 1_000))}S`;
}
