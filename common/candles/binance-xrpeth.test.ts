// Every 1m and 5m candle of XRPETH, 2019-10-11 00:00 to 2019-10-13 11:19 UTC,
// built from Binance's aggTrades, equals Binance's own kline: open, high,
// low, close and volume, including the 1,091 minutes without a trade.
import { describe, expect, it } from 'vitest';
import { Decimal } from '../decimal/index.js';
import type { Candle } from './candle.js';
import { CandleEngine } from './engine.js';
import type { IntervalName } from './intervals.js';
import { readAggTradesCsv, readOhlcvJson, type OhlcvRow } from './testing/binance-data.js';

const trades = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');

function buildFinals(intervals: readonly IntervalName[]): Map<IntervalName, Candle[]> {
  const finals = new Map<IntervalName, Candle[]>(intervals.map((interval) => [interval, []]));
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals,
    emitPartials: false,
    onCandle: (candle) => finals.get(candle.interval)?.push(candle),
  });
  // The clock follows the trades, as when replaying a file.
  for (const trade of trades) engine.add(trade, trade.time);
  engine.finish();
  return finals;
}

/** Binance's JSON numbers read back exactly: they were printed from 8-decimal values. */
const exact = (value: number): Decimal => Decimal.parse(String(value).includes('e') ? value.toFixed(8) : String(value));

function expectSameCandles(ours: readonly Candle[], binance: readonly OhlcvRow[]): void {
  expect(ours.map((candle) => candle.openTime)).toEqual(binance.map((row) => row[0]));
  for (const [i, row] of binance.entries()) {
    const candle = ours[i] as Candle;
    const fields = [candle.open, candle.high, candle.low, candle.close, candle.volume];
    for (const [f, text] of fields.entries()) {
      if (!Decimal.parse(text).eq(exact(row[f + 1] as number))) {
        throw new Error(`${candle.interval} ${new Date(candle.openTime).toISOString()} field ${f}: ours ${text}, Binance ${row[f + 1]}`);
      }
    }
  }
}

describe('XRPETH 2019-10 against Binance klines', () => {
  const finals = buildFinals(['1m', '5m']);

  it('reads all 12,477 aggTrades (14,672 trades)', () => {
    expect(trades).toHaveLength(12_477);
    expect(trades.reduce((sum, trade) => sum + trade.lastTradeId - trade.firstTradeId + 1, 0)).toBe(14_672);
  });

  it('matches all 3,560 one-minute candles, 1,091 of them flat', () => {
    const binance = readOhlcvJson('xrpeth-2019-10/XRPETH-1m.ohlcv.json');
    const ours = finals.get('1m') as Candle[];
    expect(binance).toHaveLength(3_560);
    expectSameCandles(ours, binance);
    const flat = ours.filter((candle) => candle.tradeCount === 0);
    expect(flat).toHaveLength(1_091);
    for (const candle of flat) {
      expect([candle.volume, candle.quoteVolume, candle.firstTradeId, candle.lastTradeId]).toEqual(['0.00000000', '0.00000000', -1, -1]);
      expect(new Set([candle.open, candle.high, candle.low, candle.close]).size).toBe(1);
    }
    expect(ours.every((candle) => candle.closed && candle.revision === 0 && candle.closeTime === candle.openTime + 59_999)).toBe(true);
  });

  it('matches all 712 five-minute candles', () => {
    const binance = readOhlcvJson('xrpeth-2019-10/XRPETH-5m.ohlcv.json');
    expect(binance).toHaveLength(712);
    expectSameCandles(finals.get('5m') as Candle[], binance);
  });

  it('counts every trade once across the candles', () => {
    const ours = finals.get('1m') as Candle[];
    expect(ours.reduce((sum, candle) => sum + candle.tradeCount, 0)).toBe(14_672);
    expect((finals.get('5m') as Candle[]).reduce((sum, candle) => sum + candle.tradeCount, 0)).toBe(14_672);
  });
});
