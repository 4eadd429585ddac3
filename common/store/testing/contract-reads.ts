// Contract: range reads page forwards with a cursor, latest-N reads page
// backwards, listings report every series with its first and last open
// time, and retention trims per interval.
import { expect, it } from 'vitest';
import type { Candle } from '../domain.js';
import type { ContractSubject } from '../store.contract.js';
import { candle, MINUTE_MS, minuteSeries, uniqueSuffix } from './fixtures.js';

const T0 = Date.UTC(2024, 4, 6, 0, 0);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

async function seeded(subject: ContractSubject, minutes: number, lastPartial = true): Promise<{ exchange: string; series: Candle[] }> {
  const exchange = `r${uniqueSuffix()}`;
  const series = minuteSeries({ exchange, symbol: 'BTCUSDT', startMs: T0, minutes, seed: 7, lastPartial });
  await subject.store.upsert(series);
  return { exchange, series };
}

export function readContract(subject: () => ContractSubject): void {
  it('pages a range forwards with an opaque cursor until it is exhausted', async () => {
    const { exchange, series } = await seeded(subject(), 25, false);
    const query = { exchange, symbol: 'BTCUSDT', interval: '1m' as const, startTime: T0, limit: 10 };
    const first = await subject().store.readRange(query);
    const second = await subject().store.readRange({ ...query, cursor: first.nextCursor });
    const third = await subject().store.readRange({ ...query, cursor: second.nextCursor });
    expect([first.candles.length, second.candles.length, third.candles.length]).toEqual([10, 10, 5]);
    expect(third.nextCursor).toBeUndefined();
    expect([...first.candles, ...second.candles, ...third.candles]).toEqual(series);
    const exact = await subject().store.readRange({ ...query, limit: 25 });
    expect(exact.candles).toHaveLength(25);
    expect(exact.nextCursor).toBeUndefined();
  });

  it('bounds a range by inclusive start and end times and leaves partials out unless asked', async () => {
    const { exchange, series } = await seeded(subject(), 30);
    const query = { exchange, symbol: 'BTCUSDT', interval: '1m' as const, limit: 100 };
    const bounded = await subject().store.readRange({ ...query, startTime: T0 + 5 * MINUTE_MS, endTime: T0 + 9 * MINUTE_MS });
    expect(bounded.candles).toEqual(series.slice(5, 10));
    const finals = await subject().store.readRange({ ...query, startTime: T0 });
    expect(finals.candles).toEqual(series.slice(0, 29));
    const all = await subject().store.readRange({ ...query, startTime: T0, includePartial: true });
    expect(all.candles).toEqual(series);
    const between = await subject().store.readRange({ ...query, startTime: T0 + 1, endTime: T0 + MINUTE_MS - 1 });
    expect(between.candles).toEqual([]);
  });

  it('reads the latest N oldest-first and pages towards older candles', async () => {
    const { exchange, series } = await seeded(subject(), 23);
    const query = { exchange, symbol: 'BTCUSDT', interval: '1m' as const, limit: 5 };
    const latest = await subject().store.readLatest({ ...query, includePartial: true });
    expect(latest.candles).toEqual(series.slice(18));
    const latestFinal = await subject().store.readLatest(query);
    expect(latestFinal.candles).toEqual(series.slice(17, 22));
    const older = await subject().store.readLatest({ ...query, cursor: latestFinal.nextCursor });
    expect(older.candles).toEqual(series.slice(12, 17));
    const upTo = await subject().store.readLatest({ ...query, endTime: T0 + 3 * MINUTE_MS });
    expect(upTo.candles).toEqual(series.slice(0, 4));
    expect(upTo.nextCursor).toBeUndefined();
    let cursor: string | undefined;
    const pages: Candle[][] = [];
    do {
      const page = await subject().store.readLatest({ ...query, limit: 10, includePartial: true, cursor });
      pages.unshift([...page.candles]);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(pages.flat()).toEqual(series);
  });

  it('rejects a cursor of another query and a malformed one, and malformed queries', async () => {
    const { exchange } = await seeded(subject(), 12, false);
    const query = { exchange, symbol: 'BTCUSDT', interval: '1m' as const, startTime: T0, limit: 5 };
    const page = await subject().store.readRange(query);
    const invalid = { name: 'StoreError', code: 'INVALID_QUERY' };
    await expect(subject().store.readRange({ ...query, symbol: 'ETHUSDT', cursor: page.nextCursor })).rejects.toMatchObject(invalid);
    await expect(subject().store.readLatest({ ...query, cursor: page.nextCursor })).rejects.toMatchObject(invalid);
    await expect(subject().store.readRange({ ...query, cursor: 'not-a-cursor' })).rejects.toMatchObject(invalid);
    await expect(subject().store.readRange({ ...query, limit: 0 })).rejects.toMatchObject(invalid);
    await expect(subject().store.readRange({ ...query, limit: 10_001 })).rejects.toMatchObject(invalid);
    await expect(subject().store.readRange({ ...query, startTime: -1 })).rejects.toMatchObject(invalid);
    await expect(subject().store.readLatest({ ...query, interval: '7m' as '1m' })).rejects.toMatchObject(invalid);
  });

  it('lists every series with its first and last open time, in exchange, symbol and interval order', async () => {
    const exchange = `l${uniqueSuffix()}`;
    const other = `l${uniqueSuffix()}`;
    const at = (symbol: string, interval: Candle['interval'], openTime: number, on = exchange) =>
      candle({ exchange: on, symbol, interval, openTime, closeTime: openTime + MINUTE_MS - 1 });
    await subject().store.upsert([
      at('ETHUSDT', '1h', T0 + HOUR_MS), at('ETHUSDT', '1h', T0 + 5 * HOUR_MS), at('BTCUSDT', '1M', T0),
      at('BTCUSDT', '1m', T0 + MINUTE_MS), at('BTCUSDT', '1m', T0 + 9 * MINUTE_MS), at('BTCUSDT', '1d', T0), at('XRPUSDT', '1m', T0, other),
    ]);
    await subject().store.upsert([at('BTCUSDT', '1m', T0)]);
    expect(await subject().store.listSeries({ exchange })).toEqual([
      { exchange, symbol: 'BTCUSDT', interval: '1m', firstOpenTime: T0, lastOpenTime: T0 + 9 * MINUTE_MS },
      { exchange, symbol: 'BTCUSDT', interval: '1d', firstOpenTime: T0, lastOpenTime: T0 },
      { exchange, symbol: 'BTCUSDT', interval: '1M', firstOpenTime: T0, lastOpenTime: T0 },
      { exchange, symbol: 'ETHUSDT', interval: '1h', firstOpenTime: T0 + HOUR_MS, lastOpenTime: T0 + 5 * HOUR_MS },
    ]);
    const everything = await subject().store.listSeries();
    expect(everything.filter((series) => series.exchange === other)).toHaveLength(1);
    expect(everything.filter((series) => series.exchange === exchange)).toHaveLength(4);
  });

  it('applies retention per interval and corrects the listing', async () => {
    const exchange = `k${uniqueSuffix()}`;
    const asOf = Date.UTC(2024, 5, 3); // a Monday
    const week = (symbol: string, daysBack: number) =>
      candle({ exchange, symbol, interval: '1w', openTime: asOf - daysBack * DAY_MS, closeTime: asOf - (daysBack - 7) * DAY_MS - 1 });
    await subject().store.upsert([week('BTCUSDT', 63), week('BTCUSDT', 35), week('BTCUSDT', 7), week('ETHUSDT', 70)]);
    await subject().sql(`UPDATE candle_retention SET keep_for = INTERVAL '30 days' WHERE interval = '1w'`);
    try {
      expect(await subject().store.applyRetention(asOf)).toBe(3);
    } finally {
      await subject().sql(`UPDATE candle_retention SET keep_for = NULL WHERE interval = '1w'`);
    }
    expect(await subject().store.listSeries({ exchange })).toEqual([
      { exchange, symbol: 'BTCUSDT', interval: '1w', firstOpenTime: asOf - 7 * DAY_MS, lastOpenTime: asOf - 7 * DAY_MS },
    ]);
    const left = await subject().store.readRange({ exchange, symbol: 'BTCUSDT', interval: '1w', startTime: 0, limit: 10 });
    expect(left.candles.map((c) => c.openTime)).toEqual([asOf - 7 * DAY_MS]);
    expect(await subject().store.applyRetention(asOf)).toBe(0);
  });
}
