import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_INTERVALS,
  INTERVALS,
  canRollUp,
  formatTimezone,
  parseInterval,
  parseTimezone,
  type IntervalName,
} from './intervals.js';
import { bucketCloseTime, bucketOpenTime, commonBaseLengthMs, intervalClock } from './interval-clock.js';
import { CandleError } from './errors.js';

const utc = (text: string): number => Date.parse(`${text}Z`);

describe('interval names', () => {
  it('lists Binance 16 intervals in order and the six defaults', () => {
    expect(INTERVALS).toEqual(['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
    expect(DEFAULT_INTERVALS).toEqual(['1m', '5m', '15m', '1h', '4h', '1d']);
  });

  it('parses exactly the 16 names, case-sensitively', () => {
    for (const name of INTERVALS) expect(parseInterval(name)).toBe(name);
    for (const bad of ['1min', '1H', '1D', '2m', '', '1mo', ' 1m', '1W']) {
      expect(() => parseInterval(bad)).toThrow(CandleError);
      expect(() => parseInterval(bad)).toThrow(JSON.stringify(bad));
    }
  });
});

describe('parseTimezone (Binance timeZone rule)', () => {
  it.each([
    ['+08:00', 480], ['-1:00', -60], ['05:45', 345], ['0', 0], ['8', 480], ['4', 240], ['-3:30', -210],
    ['UTC', 0], ['Z', 0], ['+14:00', 840], ['-12:00', -720], ['+00:00', 0],
  ])('%s -> %i minutes', (text, minutes) => {
    expect(parseTimezone(text)).toBe(minutes);
  });

  it.each(['+14:01', '-12:01', '15', '+8:60', '8:5', 'CET', '+08:00:00', '', '++8', '1.5'])('rejects %j', (text) => {
    expect(() => parseTimezone(text)).toThrow(CandleError);
  });

  it('formats offsets back', () => {
    expect(formatTimezone(480)).toBe('+08:00');
    expect(formatTimezone(-210)).toBe('-03:30');
    expect(formatTimezone(0)).toBe('+00:00');
  });
});

describe('bucket open and close times', () => {
  it('aligns fixed intervals to the epoch and closes 1 ms before the next', () => {
    const t = utc('2021-04-04T20:03:11.314');
    expect(bucketOpenTime('1s', t)).toBe(utc('2021-04-04T20:03:11'));
    expect(bucketOpenTime('1m', t)).toBe(utc('2021-04-04T20:03:00'));
    expect(bucketCloseTime('1m', utc('2021-04-04T20:03:00'))).toBe(utc('2021-04-04T20:03:59.999'));
    expect(bucketOpenTime('15m', t)).toBe(utc('2021-04-04T20:00:00'));
    expect(bucketOpenTime('4h', t)).toBe(utc('2021-04-04T20:00:00'));
    expect(bucketOpenTime('12h', t)).toBe(utc('2021-04-04T12:00:00'));
    expect(bucketOpenTime('1d', t)).toBe(utc('2021-04-04T00:00:00'));
  });

  it('aligns 3d candles to days divisible by 3 since 1970-01-01', () => {
    // 2021-04-04 is day 18721 since the epoch; 18720 = 3 * 6240.
    expect(bucketOpenTime('3d', utc('2021-04-04T20:00:00'))).toBe(utc('2021-04-03T00:00:00'));
    expect(bucketCloseTime('3d', utc('2021-04-03T00:00:00'))).toBe(utc('2021-04-05T23:59:59.999'));
    expect(bucketOpenTime('3d', 0)).toBe(0);
  });

  it('starts weeks on Monday 00:00 (Binance example 1499040000000 .. 1499644799999)', () => {
    expect(bucketOpenTime('1w', utc('2017-07-05T12:00:00'))).toBe(1499040000000);
    expect(bucketCloseTime('1w', 1499040000000)).toBe(1499644799999);
    expect(bucketOpenTime('1w', utc('2024-03-03T23:59:59.999'))).toBe(utc('2024-02-26T00:00:00'));
    expect(bucketOpenTime('1w', utc('2024-03-04T00:00:00'))).toBe(utc('2024-03-04T00:00:00'));
  });

  it('uses calendar months, including 29 February', () => {
    expect(bucketOpenTime('1M', utc('2024-02-29T23:59:59.999'))).toBe(utc('2024-02-01T00:00:00'));
    expect(bucketCloseTime('1M', utc('2024-02-01T00:00:00'))).toBe(utc('2024-02-29T23:59:59.999'));
    expect(bucketCloseTime('1M', utc('2023-02-01T00:00:00'))).toBe(utc('2023-02-28T23:59:59.999'));
    expect(bucketOpenTime('1M', utc('2024-03-01T00:00:00'))).toBe(utc('2024-03-01T00:00:00'));
    expect(bucketCloseTime('1M', utc('2024-12-01T00:00:00'))).toBe(utc('2024-12-31T23:59:59.999'));
  });

  it('puts boundaries at local time with an offset while timestamps stay UTC', () => {
    // +08:00: the day starts at 16:00 UTC the day before.
    expect(bucketOpenTime('1d', utc('2024-01-01T15:59:59.999'), 480)).toBe(utc('2023-12-31T16:00:00'));
    expect(bucketOpenTime('1d', utc('2024-01-01T16:00:00'), 480)).toBe(utc('2024-01-01T16:00:00'));
    // -03:30 month: March starts at 03:30 UTC on 1 March.
    expect(bucketOpenTime('1M', utc('2024-03-01T03:29:59.999'), -210)).toBe(utc('2024-02-01T03:30:00'));
    expect(bucketOpenTime('1M', utc('2024-03-01T03:30:00'), -210)).toBe(utc('2024-03-01T03:30:00'));
    // +05:45 moves hour boundaries by 15 minutes, never minute or second ones.
    expect(bucketOpenTime('1h', utc('2024-01-01T10:20:00'), 345)).toBe(utc('2024-01-01T10:15:00'));
    expect(bucketOpenTime('1m', utc('2024-01-01T10:20:30'), 345)).toBe(utc('2024-01-01T10:20:00'));
    expect(bucketOpenTime('1s', utc('2024-01-01T10:20:30.5'), 345)).toBe(utc('2024-01-01T10:20:30'));
    // Week at +14:00: Monday local = Sunday 10:00 UTC.
    expect(bucketOpenTime('1w', utc('2024-03-03T10:00:00'), 840)).toBe(utc('2024-03-03T10:00:00'));
  });

  it('numbers candles consecutively and contains every time in its candle', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INTERVALS),
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: -720, max: 840 }),
        (interval: IntervalName, time, offset) => {
          const clock = intervalClock(interval, offset);
          const open = clock.openTime(time);
          const next = clock.nextOpenTime(open);
          expect(open).toBeLessThanOrEqual(time);
          expect(time).toBeLessThan(next);
          expect(clock.closeTime(open)).toBe(next - 1);
          expect(clock.openTime(open)).toBe(open);
          expect(clock.openTime(next - 1)).toBe(open);
          expect(clock.index(next)).toBe(clock.index(open) + 1);
          expect(clock.openTimeOfIndex(clock.index(time))).toBe(open);
        },
      ),
    );
  });

  it('rejects offsets outside Binance range', () => {
    expect(() => intervalClock('1h', 841)).toThrow(CandleError);
    expect(() => intervalClock('1h', 1.5)).toThrow(CandleError);
  });
});

describe('rollup compatibility and the base bucket', () => {
  it('allows only sources whose boundaries include the target boundaries', () => {
    expect(canRollUp('1m', '1h')).toBe(true);
    expect(canRollUp('1d', '1w')).toBe(true);
    expect(canRollUp('1d', '1M')).toBe(true);
    expect(canRollUp('1d', '3d')).toBe(true);
    expect(canRollUp('8h', '3d')).toBe(true);
    expect(canRollUp('3d', '1w')).toBe(false);
    expect(canRollUp('1w', '1M')).toBe(false);
    expect(canRollUp('3m', '5m')).toBe(false);
    expect(canRollUp('1h', '1m')).toBe(false);
    expect(canRollUp('1M', '1M')).toBe(true);
  });

  it('finds the largest bucket dividing every interval', () => {
    expect(commonBaseLengthMs(DEFAULT_INTERVALS)).toBe(60_000);
    expect(commonBaseLengthMs(['3m', '5m'])).toBe(60_000);
    expect(commonBaseLengthMs(['1w'])).toBe(86_400_000);
    expect(commonBaseLengthMs(['3d'])).toBe(3 * 86_400_000);
    expect(commonBaseLengthMs(['3d', '1M'])).toBe(86_400_000);
    expect(commonBaseLengthMs(['1s', '1M'])).toBe(1000);
  });
});
