// Contract: rollups of stored 1m candles equal an independent in-memory
// rollup for any bucket width and time-zone offset, page with a cursor and
// reject malformed buckets.
import { expect, it } from 'vitest';
import { bucketCloseTime, bucketOpenTime } from '../../candles/interval-clock.js';
import type { IntervalName } from '../../candles/intervals.js';
import type { Bar, RollupQuery } from '../candle-store.js';
import type { ContractSubject } from '../store.contract.js';
import { minuteSeries, MINUTE_MS, uniqueSuffix } from './fixtures.js';
import { referenceRollup, type BucketBounds, type ReferenceBar } from './reference-rollup.js';

// Four days across a month end (2024-01-30 .. 2024-02-02), so month and
// quarter buckets split the data.
const T0 = Date.UTC(2024, 0, 30);
const MINUTES = 4 * 1_440;
const DAY_MS = 86_400_000;

/** Buckets the engine also builds, placed by the engine's own interval clock. */
function engineBucket(interval: IntervalName, offset: number): (t: number) => BucketBounds {
  return (t) => {
    const openTime = bucketOpenTime(interval, t, offset);
    return { openTime, closeTime: bucketCloseTime(interval, openTime, offset) };
  };
}

/** Widths Binance has no interval for: plain arithmetic from 1970-01-01 local. */
function fixedBucket(widthMs: number, offset: number): (t: number) => BucketBounds {
  return (t) => {
    const local = t + offset * MINUTE_MS;
    const openTime = local - (((local % widthMs) + widthMs) % widthMs) - offset * MINUTE_MS;
    return { openTime, closeTime: openTime + widthMs - 1 };
  };
}

function monthsBucket(months: number, offset: number): (t: number) => BucketBounds {
  return (t) => {
    const local = new Date(t + offset * MINUTE_MS);
    const index = Math.floor((local.getUTCFullYear() * 12 + local.getUTCMonth()) / months) * months;
    const open = Date.UTC(Math.floor(index / 12), index % 12, 1) - offset * MINUTE_MS;
    const next = Date.UTC(Math.floor((index + months) / 12), (index + months) % 12, 1) - offset * MINUTE_MS;
    return { openTime: open, closeTime: next - 1 };
  };
}

const CASES: ReadonlyArray<{ bucket: string; offset: number; place: (t: number) => BucketBounds }> = [
  { bucket: '1m', offset: 0, place: engineBucket('1m', 0) },
  { bucket: '5m', offset: 0, place: engineBucket('5m', 0) },
  { bucket: '7m', offset: 0, place: fixedBucket(7 * MINUTE_MS, 0) },
  { bucket: '2h', offset: 330, place: engineBucket('2h', 330) },
  { bucket: '90m', offset: -45, place: fixedBucket(90 * MINUTE_MS, -45) },
  { bucket: '1d', offset: -210, place: engineBucket('1d', -210) },
  { bucket: '3d', offset: 0, place: engineBucket('3d', 0) },
  { bucket: '1w', offset: 480, place: engineBucket('1w', 480) },
  { bucket: '1M', offset: 840, place: engineBucket('1M', 840) },
  { bucket: '3M', offset: -720, place: monthsBucket(3, -720) },
];

function withoutLabels(bar: Bar): ReferenceBar {
  const { exchange: _exchange, symbol: _symbol, bucket: _bucket, ...rest } = bar;
  return rest;
}

export function rollupContract(subject: () => ContractSubject): void {
  let seeded: Promise<{ exchange: string; minutes: ReturnType<typeof minuteSeries> }> | undefined;
  // One data set for every rollup test, written once: 5,760 minutes, a fifth
  // of them flat, a whole flat stretch of 40 minutes, the last one partial.
  const data = () => {
    seeded ??= (async () => {
      const exchange = `u${uniqueSuffix()}`;
      const minutes = minuteSeries({
        exchange, symbol: 'BTCUSDT', startMs: T0, minutes: MINUTES, seed: 11, flatShare: 0.2, lastPartial: true,
        flat: (index) => index >= 600 && index < 640,
      });
      await subject().store.upsert(minutes);
      return { exchange, minutes };
    })();
    return seeded;
  };
  const query = (exchange: string, bucket: string, offset: number): RollupQuery => ({
    exchange, symbol: 'BTCUSDT', bucket, timezoneOffsetMinutes: offset, startTime: T0 - 40 * DAY_MS, limit: 10_000,
  });

  it('equals an independent rollup for every width and offset, flat minutes and the running bucket included', async () => {
    const { exchange, minutes } = await data();
    for (const { bucket, offset, place } of CASES) {
      const expected = referenceRollup(minutes, place);
      const all = await subject().store.rollup({ ...query(exchange, bucket, offset), includeIncomplete: true });
      expect(all.bars.map(withoutLabels), `${bucket} at ${offset} min`).toEqual(expected);
      expect(all.bars.every((bar) => bar.bucket === bucket && bar.symbol === 'BTCUSDT' && bar.exchange === exchange)).toBe(true);
      const complete = await subject().store.rollup(query(exchange, bucket, offset));
      expect(complete.bars.map(withoutLabels), `${bucket} at ${offset} min, complete only`).toEqual(expected.filter((bar) => bar.complete));
    }
  });

  it('makes a bucket without any trade a flat bar at the previous close with ids -1', async () => {
    const { exchange, minutes } = await data();
    const flatStart = T0 + 602 * MINUTE_MS - ((T0 + 602 * MINUTE_MS) % (7 * MINUTE_MS)) + 7 * MINUTE_MS;
    const page = await subject().store.rollup({ ...query(exchange, '7m', 0), startTime: flatStart, endTime: flatStart });
    const previous = minutes.filter((minute) => minute.openTime < flatStart && minute.tradeCount > 0).at(-1);
    expect(page.bars).toHaveLength(1);
    expect(page.bars[0]).toMatchObject({
      openTime: flatStart, open: previous?.close, high: previous?.close, low: previous?.close, close: previous?.close,
      volume: '0.00000000', tradeCount: 0, firstTradeId: -1, lastTradeId: -1, complete: true,
    });
  });

  it('selects the buckets containing startTime and endTime and pages with a cursor', async () => {
    const { exchange, minutes } = await data();
    const expected = referenceRollup(minutes, fixedBucket(2 * 3_600_000, 0));
    const window = { ...query(exchange, '2h', 0), startTime: T0 + 90 * MINUTE_MS, endTime: T0 + 5 * 3_600_000 };
    const bounded = await subject().store.rollup(window);
    expect(bounded.bars.map((bar) => bar.openTime)).toEqual([T0, T0 + 2 * 3_600_000, T0 + 4 * 3_600_000]);
    const bars: Bar[] = [];
    let cursor: string | undefined;
    do {
      const page = await subject().store.rollup({ ...query(exchange, '2h', 0), includeIncomplete: true, limit: 7, cursor });
      expect(page.bars.length).toBeLessThanOrEqual(7);
      bars.push(...page.bars);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(bars.map(withoutLabels)).toEqual(expected);
  });

  it('returns nothing for a symbol without minutes and rejects malformed rollups', async () => {
    const { exchange } = await data();
    expect((await subject().store.rollup({ ...query(exchange, '1h', 0), symbol: 'NOPE' })).bars).toEqual([]);
    const invalid = { name: 'StoreError', code: 'INVALID_QUERY' };
    for (const bucket of ['7x', '0m', '1s', 'm', '10001m', '']) {
      await expect(subject().store.rollup(query(exchange, bucket, 0))).rejects.toMatchObject(invalid);
    }
    await expect(subject().store.rollup(query(exchange, '1h', 841))).rejects.toMatchObject(invalid);
    await expect(subject().store.rollup({ ...query(exchange, '1h', 0), cursor: 'x' })).rejects.toMatchObject(invalid);
  });
}
