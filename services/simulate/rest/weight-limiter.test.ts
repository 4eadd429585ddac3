import { describe, expect, it } from 'vitest';
import { WeightLimiter } from './weight-limiter.js';

describe('WeightLimiter', () => {
  it('counts weight per window aligned to the wall clock and refuses past the limit', () => {
    let now = 120_000 + 59_000;
    const limiter = new WeightLimiter(10, 60_000, () => now);
    expect(limiter.headerName).toBe('X-MBX-USED-WEIGHT-1M');
    expect(limiter.interval).toEqual({ intervalNum: 1, interval: 'MINUTE' });
    expect(limiter.take(4)).toEqual({ allowed: true, used: 4, retryAfterSeconds: 1 });
    expect(limiter.take(6)).toMatchObject({ allowed: true, used: 10 });
    expect(limiter.take(1)).toEqual({ allowed: false, used: 10, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take(1)).toEqual({ allowed: true, used: 1, retryAfterSeconds: 60 });
  });

  it('names other windows in seconds', () => {
    const limiter = new WeightLimiter(10, 2_000, () => 0);
    expect(limiter.headerName).toBe('X-MBX-USED-WEIGHT-2S');
    expect(limiter.interval).toEqual({ intervalNum: 2, interval: 'SECOND' });
  });
});
