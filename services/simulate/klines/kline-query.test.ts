import { describe, expect, it } from 'vitest';
import type { SimTrade } from '../market/sim-trade.js';
import { SymbolHistory } from '../market/symbol-history.js';
import { queryKlines, type KlineQuery } from './kline-query.js';

const T0 = 28_333_334 * 60_000;
const MINUTE = 60_000;

function history(): SymbolHistory {
  const trades: Array<[number, string, string]> = [
    [T0 + 1_000, '1.00000000', '2.00000000'],
    [T0 + 50_000, '1.20000000', '1.00000000'],
    [T0 + 2 * MINUTE + 5_000, '0.90000000', '3.00000000'],
    [T0 + 5 * MINUTE + 10_000, '1.10000000', '0.50000000'],
  ];
  const result = new SymbolHistory('XRPETH', 'aggTrade', 1_000);
  trades.forEach(([time, price, quantity], index) => {
    const trade: SimTrade = { symbol: 'XRPETH', kind: 'aggTrade', aggregateId: 100 + index, firstTradeId: 200 + index, lastTradeId: 200 + index, price, quantity, time, buyerIsMaker: false };
    result.append(trade);
  });
  return result;
}

const query = (overrides: Partial<KlineQuery>): KlineQuery => ({ interval: '1m', offsetMinutes: 0, limit: 500, now: T0 + 7 * MINUTE + 30_000, ...overrides });
const opens = (candles: ReturnType<typeof queryKlines>) => candles.map((candle) => (candle.openTime - T0) / MINUTE);

describe('queryKlines', () => {
  it('returns every candle from the first trade to the one open now, empty ones flat at the previous close', () => {
    const candles = queryKlines(history(), query({}));
    expect(opens(candles)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(candles.map((candle) => [candle.open, candle.close, candle.tradeCount, candle.volume])).toEqual([
      ['1.00000000', '1.20000000', 2, '3.00000000'],
      ['1.20000000', '1.20000000', 0, '0.00000000'],
      ['0.90000000', '0.90000000', 1, '3.00000000'],
      ['0.90000000', '0.90000000', 0, '0.00000000'],
      ['0.90000000', '0.90000000', 0, '0.00000000'],
      ['1.10000000', '1.10000000', 1, '0.50000000'],
      ['1.10000000', '1.10000000', 0, '0.00000000'],
      ['1.10000000', '1.10000000', 0, '0.00000000'],
    ]);
    expect(candles.at(-1)).toMatchObject({ firstTradeId: -1, lastTradeId: -1, quoteVolume: '0.00000000', closeTime: T0 + 8 * MINUTE - 1 });
  });

  it('selects by open time: startTime rounds up to the next open, endTime includes the candle opening at or before it', () => {
    expect(opens(queryKlines(history(), query({ startTime: T0 + 30_000 })))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(opens(queryKlines(history(), query({ startTime: T0 - 10 * MINUTE, limit: 2 })))).toEqual([0, 1]);
    expect(opens(queryKlines(history(), query({ endTime: T0 + 2 * MINUTE + 30_000, limit: 2 })))).toEqual([1, 2]);
    expect(opens(queryKlines(history(), query({ startTime: T0 + 3 * MINUTE, endTime: T0 + 4 * MINUTE })))).toEqual([3, 4]);
    expect(opens(queryKlines(history(), query({ limit: 3 })))).toEqual([5, 6, 7]);
    expect(queryKlines(history(), query({ endTime: T0 - 1 }))).toEqual([]);
    expect(queryKlines(history(), query({ startTime: T0 + 9 * MINUTE }))).toEqual([]);
  });

  it('includes the candle open now with its trades so far', () => {
    const candles = queryKlines(history(), query({ now: T0 + 5 * MINUTE + 20_000, limit: 1 }));
    expect(candles).toHaveLength(1);
    expect(candles[0]).toMatchObject({ openTime: T0 + 5 * MINUTE, open: '1.10000000', tradeCount: 1 });
  });

  it('builds larger and offset intervals from the same trades', () => {
    const [hour] = queryKlines(history(), query({ interval: '1h' }));
    expect(hour).toMatchObject({ open: '1.00000000', close: '1.10000000', high: '1.20000000', low: '0.90000000', tradeCount: 4, volume: '6.50000000' });
    expect(queryKlines(new SymbolHistory('X', 'aggTrade', 10), query({}))).toEqual([]);
  });
});
