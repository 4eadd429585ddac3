// Contract: upserts are exact and idempotent, and a candle never goes back
// to an older version.
import { expect, it } from 'vitest';
import type { Candle } from '../domain.js';
import { StoreError } from '../errors.js';
import type { ContractSubject } from '../store.contract.js';
import { candle, MINUTE_MS, minuteSeries, uniqueSuffix } from './fixtures.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0);

async function stored(subject: ContractSubject, c: Candle): Promise<Candle | undefined> {
  const page = await subject.store.readRange({
    exchange: c.exchange, symbol: c.symbol, interval: c.interval, startTime: c.openTime, endTime: c.openTime,
    limit: 1, includePartial: true,
  });
  return page.candles[0];
}

function fresh(overrides: Partial<Candle> = {}): Candle {
  return candle({ exchange: `w${uniqueSuffix()}`, symbol: 'BTCUSDT', openTime: T0, ...overrides });
}

export function writeContract(subject: () => ContractSubject): void {
  it('round-trips every field exactly, decimals with many digits and trailing zeros included', async () => {
    const huge = fresh({
      open: '123456789012345678.123456789012345678',
      high: '999999999999999999.999999999999999999',
      low: '0.000000000000000001',
      close: '0.00102300',
      volume: '0',
      quoteVolume: '1.10',
      takerBuyVolume: '0.00000000',
      takerBuyQuoteVolume: '98765432109876543210.5',
      tradeCount: 9_007_199_254,
      firstTradeId: 9_007_199_254_740_000,
      lastTradeId: 9_007_199_254_740_991,
      revision: 2_147_483_647,
    });
    const minute = { ...fresh(), openTime: T0 + 7 * MINUTE_MS + 123, closeTime: T0 + 8 * MINUTE_MS + 122 };
    expect(await subject().store.upsert([huge, minute])).toEqual({ written: 2, unchanged: 0 });
    expect(await stored(subject(), huge)).toEqual(huge);
    expect(await stored(subject(), minute)).toEqual(minute);
  });

  it('keeps every millisecond exact, from 1970 to the last one the store accepts', async () => {
    const exchange = `w${uniqueSuffix()}`;
    const last = Date.UTC(2200, 0, 1) - 2;
    const times = [0, 1, 999, 1_000, T0 + 123, last, ...Array.from({ length: 200 }, (_, i) => Math.floor((last / 200) * i) + (i % 1_000))];
    const candles = [...new Set(times)].map((openTime) => fresh({ exchange, openTime, closeTime: openTime + 1 }));
    await subject().store.upsert(candles);
    const page = await subject().store.readRange({ exchange, symbol: 'BTCUSDT', interval: '1m', startTime: 0, limit: 1_000 });
    expect(page.candles.map((c) => [c.openTime, c.closeTime])).toEqual(candles.map((c) => [c.openTime, c.closeTime]).sort((a, b) => (a[0] as number) - (b[0] as number)));
    await expect(subject().store.upsert([fresh({ openTime: last + 1, closeTime: last + 2 })])).rejects.toMatchObject({ code: 'INVALID_CANDLE' });
  });

  it('stores names with quotes, backslashes, commas, braces, spaces and non-ASCII characters', async () => {
    const exchange = `w${uniqueSuffix()}`;
    const names = ['A"B', 'C\\D', 'E,F', '{G}', 'H I', '币安人生USDT', 'NULL'];
    const odd = names.map((symbol, index) => fresh({ exchange, symbol, openTime: T0 + index * MINUTE_MS, closeTime: T0 + (index + 1) * MINUTE_MS - 1 }));
    expect(await subject().store.upsert(odd)).toEqual({ written: names.length, unchanged: 0 });
    for (const c of odd) expect(await stored(subject(), c)).toEqual(c);
    expect((await subject().store.listSeries({ exchange })).map((series) => series.symbol).sort()).toEqual([...names].sort());
  });

  it('rejects an invalid candle with INVALID_CANDLE and writes nothing of its batch', async () => {
    const good = fresh();
    for (const bad of [{ high: 'NaN' }, { volume: '1e5' }, { low: 'Infinity' }, { close: '' }, { revision: -1 }, { openTime: 1.5 }]) {
      const attempt = subject().store.upsert([good, { ...good, openTime: T0 + MINUTE_MS, closeTime: T0 + 2 * MINUTE_MS - 1, ...bad }]);
      await expect(attempt).rejects.toMatchObject({ name: 'StoreError', code: 'INVALID_CANDLE' });
    }
    await expect(subject().store.upsert([{ ...good, interval: '2m' as Candle['interval'] }])).rejects.toBeInstanceOf(StoreError);
    expect(await stored(subject(), good)).toBeUndefined();
  });

  it('is idempotent: a batch delivered again changes nothing, not even updated_at', async () => {
    const exchange = `w${uniqueSuffix()}`;
    const batch = minuteSeries({ exchange, symbol: 'ETHUSDT', startMs: T0, minutes: 50, seed: 1, lastPartial: true });
    expect(await subject().store.upsert(batch)).toEqual({ written: 50, unchanged: 0 });
    const before = await subject().sql(`SELECT open_time, updated_at FROM candles WHERE exchange = '${exchange}' ORDER BY open_time`);
    expect(await subject().store.upsert(batch)).toEqual({ written: 0, unchanged: 50 });
    expect(await subject().store.upsert([...batch].reverse())).toEqual({ written: 0, unchanged: 50 });
    const after = await subject().sql(`SELECT open_time, updated_at FROM candles WHERE exchange = '${exchange}' ORDER BY open_time`);
    expect(after).toEqual(before);
    const page = await subject().store.readRange({ exchange, symbol: 'ETHUSDT', interval: '1m', startTime: 0, limit: 100, includePartial: true });
    expect(page.candles).toEqual(batch);
  });

  it('never lets a revision go backwards', async () => {
    const first = fresh({ revision: 0 });
    const second = { ...first, revision: 1, close: '100.80000000', volume: '13.00000000', tradeCount: 43, lastTradeId: 1_042 };
    const third = { ...second, revision: 2, high: '102.00000000', tradeCount: 44, lastTradeId: 1_043 };
    await subject().store.upsert([first]);
    expect(await subject().store.upsert([third])).toEqual({ written: 1, unchanged: 0 });
    expect(await subject().store.upsert([second])).toEqual({ written: 0, unchanged: 1 });
    expect(await subject().store.upsert([first])).toEqual({ written: 0, unchanged: 1 });
    expect(await stored(subject(), first)).toEqual(third);
  });

  it('lets a final replace a partial of the same revision, and never the reverse', async () => {
    const partial = fresh({ closed: false, tradeCount: 40, lastTradeId: 1_039 });
    const final = fresh({ ...partial, closed: true, tradeCount: 40 });
    await subject().store.upsert([partial]);
    expect(await subject().store.upsert([final])).toEqual({ written: 1, unchanged: 0 });
    const later = { ...partial, tradeCount: 45, lastTradeId: 1_044 };
    expect(await subject().store.upsert([partial, later])).toEqual({ written: 0, unchanged: 2 });
    expect(await subject().store.upsert([{ ...later, revision: 1 }])).toEqual({ written: 0, unchanged: 1 });
    expect(await stored(subject(), final)).toEqual(final);
  });

  it('lets a partial replace a partial only when it has more trades', async () => {
    const early = fresh({ closed: false, tradeCount: 3, lastTradeId: 1_002, close: '100.10000000' });
    const later = { ...early, tradeCount: 7, lastTradeId: 1_006, close: '100.20000000' };
    await subject().store.upsert([early]);
    expect(await subject().store.upsert([later])).toEqual({ written: 1, unchanged: 0 });
    expect(await subject().store.upsert([early])).toEqual({ written: 0, unchanged: 1 });
    expect(await subject().store.upsert([later])).toEqual({ written: 0, unchanged: 1 });
    expect(await stored(subject(), early)).toEqual(later);
  });

  it('resolves several versions of one candle inside a batch by the same rules', async () => {
    const partial = fresh({ closed: false, tradeCount: 5 });
    const final = { ...partial, closed: true };
    const revised = { ...final, revision: 1, tradeCount: 6 };
    const stalePartial = { ...partial, tradeCount: 9 };
    expect(await subject().store.upsert([partial, revised, stalePartial, final])).toEqual({ written: 1, unchanged: 3 });
    expect(await stored(subject(), partial)).toEqual(revised);
  });

  it('writes batches larger than one statement', async () => {
    const exchange = `w${uniqueSuffix()}`;
    const batch = minuteSeries({ exchange, symbol: 'SOLUSDT', startMs: T0, minutes: 4_500, seed: 2 });
    expect(await subject().store.upsert(batch)).toEqual({ written: 4_500, unchanged: 0 });
    const [count] = await subject().sql(`SELECT count(*)::int AS n FROM candles WHERE exchange = '${exchange}'`);
    expect(count).toEqual({ n: 4_500 });
  });

  it('accepts an empty batch', async () => {
    expect(await subject().store.upsert([])).toEqual({ written: 0, unchanged: 0 });
  });
}
