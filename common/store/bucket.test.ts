import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketCloseTime, bucketOpenTime } from '../candles/interval-clock.js';
import type { IntervalName } from '../candles/intervals.js';
import { bucketOpen, checkOffset, nextBucketOpen, parseBucket } from './bucket.js';

// Bucket text for each engine interval a rollup can also produce.
const SAME_AS_INTERVAL: ReadonlyArray<[string, IntervalName]> = [
  ['1m', '1m'], ['3m', '3m'], ['15m', '15m'], ['1h', '1h'], ['4h', '4h'], ['12h', '12h'],
  ['1d', '1d'], ['3d', '3d'], ['1w', '1w'], ['1M', '1M'],
];

describe('bucketOpen', () => {
  it("places every time in the same bucket as the candle engine's clock, at every offset", () => {
    const times = fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) });
    const offsets = fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 15);
    fc.assert(fc.property(times, offsets, fc.constantFrom(...SAME_AS_INTERVAL), (time, offset, [text, interval]) => {
      const bucket = parseBucket(text);
      const open = bucketOpen(bucket, time, offset);
      expect(open).toBe(bucketOpenTime(interval, time, offset));
      expect(nextBucketOpen(bucket, open, offset) - 1).toBe(bucketCloseTime(interval, open, offset));
    }), { numRuns: 2_000 });
  });

  it('aligns widths Binance lacks from local midnight 1970-01-01, weeks from Monday, months from January 1970', () => {
    const at = Date.UTC(2024, 4, 15, 13, 37, 12);
    expect(bucketOpen(parseBucket('7m'), at, 0)).toBe(at - (at % 420_000));
    expect(bucketOpen(parseBucket('90m'), Date.UTC(2024, 0, 1, 1, 31), 0)).toBe(Date.UTC(2024, 0, 1, 1, 30));
    expect(bucketOpen(parseBucket('2w'), at, 0)).toBe(Date.UTC(2024, 4, 13));
    expect(bucketOpen(parseBucket('3M'), at, 0)).toBe(Date.UTC(2024, 3, 1));
    expect(nextBucketOpen(parseBucket('3M'), Date.UTC(2024, 3, 1), 0)).toBe(Date.UTC(2024, 6, 1));
    expect(bucketOpen(parseBucket('1d'), Date.UTC(2024, 0, 1, 20), 480)).toBe(Date.UTC(2024, 0, 1, 16));
    expect(bucketOpen(parseBucket('3M'), Date.UTC(2024, 2, 31, 23), 120)).toBe(Date.UTC(2024, 2, 31, 22));
  });
});

describe('parseBucket', () => {
  it('accepts a count 1..10000 and a unit m, h, d, w or M', () => {
    expect(parseBucket('7m')).toEqual({ text: '7m', kind: 'fixed', widthMs: 420_000, anchorMs: 0 });
    expect(parseBucket('1w')).toEqual({ text: '1w', kind: 'fixed', widthMs: 604_800_000, anchorMs: 345_600_000 });
    expect(parseBucket('3M')).toEqual({ text: '3M', kind: 'months', months: 3 });
    expect(parseBucket('10000m').kind).toBe('fixed');
  });

  it.each(['', '7', 'm', '0m', '07m', '1s', '7x', '10001m', '1.5h', ' 1h', '1H'])('rejects %j', (text) => {
    expect(() => parseBucket(text)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
  });

  it('accepts offsets from -12:00 to +14:00 only', () => {
    expect(() => checkOffset(-720)).not.toThrow();
    expect(() => checkOffset(840)).not.toThrow();
    expect(() => checkOffset(841)).toThrow(/outside -12:00\.\.\+14:00/);
    expect(() => checkOffset(1.5)).toThrow();
  });
});
