import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Candle } from './candle.js';
import { CandleEngine } from './engine.js';
import { CandleError } from './errors.js';
import type { IntervalName } from './intervals.js';
import { CandleRollup, rollUp } from './rollup.js';
import { readAggTradesCsv } from './testing/binance-data.js';
import { MINUTE, T0, trade } from './testing/engine-harness.js';
import { eightDecimals } from '../decimal/testing/arbitraries.js';
import type { Trade } from './trade.js';

function finalsFromTrades(trades: readonly Trade[], intervals: readonly IntervalName[], timezoneOffsetMinutes = 0, fillEmptyIntervals = true): Map<IntervalName, Candle[]> {
  const finals = new Map<IntervalName, Candle[]>(intervals.map((interval) => [interval, []]));
  const engine = new CandleEngine({
    exchange: 'binance', intervals, timezoneOffsetMinutes, fillEmptyIntervals, emitPartials: false,
    onCandle: (candle) => finals.get(candle.interval)?.push(candle),
  });
  for (const t of trades) engine.add(t, t.time);
  engine.finish();
  return finals;
}

describe('rollup on real data (XRPETH 2019-10)', () => {
  const trades = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');
  const finals = finalsFromTrades(trades, ['1m', '5m', '1h', '1d']);

  it('1h from 1m equals 1h from trades, field for field', () => {
    const fromMinutes = rollUp(finals.get('1m') as Candle[], '1h');
    expect(fromMinutes).toHaveLength(60);
    expect(fromMinutes).toEqual(finals.get('1h'));
  });

  it('5m from 1m and 1d from 1h equal the candles built from trades', () => {
    expect(rollUp(finals.get('1m') as Candle[], '5m')).toEqual(finals.get('5m'));
    expect(rollUp(finals.get('1h') as Candle[], '1d')).toEqual(finals.get('1d'));
  });
});

/** Random trades over a few months, clustered so that whole hours, days and weeks stay empty. */
const tradeLists = fc
  .array(
    fc.record({
      time: fc.integer({ min: Date.parse('2024-01-20T00:00:00Z'), max: Date.parse('2024-03-10T00:00:00Z') }),
      price: eightDecimals(10n ** 12n),
      quantity: eightDecimals(10n ** 20n),
      maker: fc.boolean(),
      size: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 50 },
  )
  .map((rows) => {
    rows.sort((a, b) => a.time - b.time);
    let id = 1;
    return rows.map((row, i) => {
      const first = id;
      id += row.size;
      return trade(first, row.time, row.price, row.quantity, { aggregateId: i, lastTradeId: id - 1, buyerIsMaker: row.maker });
    });
  });

describe('rollup properties: larger candles from smaller ones equal larger candles from trades', () => {
  const pairs: [IntervalName, IntervalName][] = [['1h', '4h'], ['1h', '1d'], ['1d', '1w'], ['1d', '1M'], ['12h', '3d'], ['8h', '1M']];
  it.each(pairs)('%s -> %s at any offset, with and without flat candles', (source, target) => {
    fc.assert(
      fc.property(tradeLists, fc.integer({ min: -720, max: 840 }), fc.boolean(), (trades, offset, fill) => {
        const finals = finalsFromTrades(trades, [source, target], offset, fill);
        expect(rollUp(finals.get(source) as Candle[], target, { timezoneOffsetMinutes: offset, fillEmptyIntervals: fill })).toEqual(finals.get(target));
      }),
      { numRuns: 25 },
    );
  });
});

describe('CandleRollup', () => {
  const minute = (openTime: number, close: string, id: number, extra: Partial<Candle> = {}): Candle => ({
    exchange: 'binance', symbol: 'BTCUSDT', interval: '1m', openTime, closeTime: openTime + MINUTE - 1,
    open: close, high: close, low: close, close, volume: '1.00000000', quoteVolume: '1.00000000',
    takerBuyVolume: '0.00000000', takerBuyQuoteVolume: '0.00000000', tradeCount: 1, firstTradeId: id, lastTradeId: id,
    closed: true, revision: 0, ...extra,
  });

  it('replaces a source candle by its revision while the target is open', () => {
    const out = rollUp([minute(T0, '1.00000000', 1), minute(T0, '2.00000000', 1, { revision: 1, volume: '3.00000000' })], '1h');
    expect(out).toMatchObject([{ close: '2.00000000', volume: '3.00000000', tradeCount: 1 }]);
  });

  it('fills target intervals no source covers with flat candles, unless told not to', () => {
    const sources = [minute(T0, '1.00000000', 1), minute(T0 + 3 * 60 * MINUTE, '2.00000000', 2)];
    expect(rollUp(sources, '1h').map((c) => [c.openTime - T0, c.close, c.tradeCount])).toEqual([
      [0, '1.00000000', 1], [60 * MINUTE, '1.00000000', 0], [120 * MINUTE, '1.00000000', 0], [180 * MINUTE, '2.00000000', 1],
    ]);
    expect(rollUp(sources, '1h', { fillEmptyIntervals: false })).toHaveLength(2);
  });

  it('refuses sources that cannot build the target exactly', () => {
    const rollup = new CandleRollup({ target: '1w', onCandle: () => undefined });
    expect(() => rollup.add({ ...minute(T0, '1.00000000', 1), interval: '3d', openTime: Date.parse('2024-02-28T00:00:00Z') })).toThrow(CandleError);
    expect(() => rollup.add(minute(T0 + 1, '1.00000000', 1))).toThrow(/not aligned/);
    expect(() => rollup.add({ ...minute(T0, '1.00000000', 1), closed: false })).toThrow(/only closed candles/);
    expect(() => new CandleRollup({ target: '1m', onCandle: () => undefined }).add({ ...minute(T0, '1.00000000', 1), interval: '1h' })).toThrow(/cannot be built from 1h/);
  });

  it('refuses a source older than a target already emitted', () => {
    const rollup = new CandleRollup({ target: '1h', onCandle: () => undefined });
    rollup.add(minute(T0 + 60 * MINUTE, '1.00000000', 2));
    rollup.add(minute(T0 + 120 * MINUTE, '1.00000000', 3));
    expect(() => rollup.add(minute(T0, '1.00000000', 1))).toThrow(/arrived after/);
  });
});
