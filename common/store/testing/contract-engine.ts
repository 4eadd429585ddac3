// Contract: rollups of real data equal what the candle engine builds
// directly. XRPETH aggTrades (Binance, 2019-10-11..13, 1,091 minutes without
// a trade) go through the engine once for 1m and every wider interval; the
// 1m candles are stored, rolled up in SQL, and must equal the engine's own
// wider candles on every field, at UTC and at +05:30, and Binance's own 5m
// klines on the fields Binance published.
import { expect, it } from 'vitest';
import type { Candle } from '../../candles/candle.js';
import { CandleEngine } from '../../candles/engine.js';
import type { IntervalName } from '../../candles/intervals.js';
import { readAggTradesCsv, readOhlcvJson } from '../../candles/testing/binance-data.js';
import { Decimal } from '../../decimal/index.js';
import type { Bar } from '../candle-store.js';
import type { ContractSubject } from '../store.contract.js';
import { uniqueSuffix } from './fixtures.js';

const trades = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');

function engineFinals(intervals: readonly IntervalName[], offset: number, exchange: string): Map<IntervalName, Candle[]> {
  const finals = new Map<IntervalName, Candle[]>(intervals.map((interval) => [interval, []]));
  const engine = new CandleEngine({
    exchange, intervals, timezoneOffsetMinutes: offset, emitPartials: false, onCandle: (candle) => finals.get(candle.interval)?.push(candle),
  });
  for (const trade of trades) engine.add(trade, trade.time);
  engine.finish();
  return finals;
}

/** The fields a bar and a candle share. */
function shared(value: Candle | Bar): Record<string, unknown> {
  const { openTime, closeTime, open, high, low, close, volume, quoteVolume, takerBuyVolume, takerBuyQuoteVolume, tradeCount, firstTradeId, lastTradeId } = value;
  return { openTime, closeTime, open, high, low, close, volume, quoteVolume, takerBuyVolume, takerBuyQuoteVolume, tradeCount, firstTradeId, lastTradeId };
}

export function engineContract(subject: () => ContractSubject): void {
  it('rolls real 1m candles up into exactly the candle engine\'s own 5m..1d candles and Binance\'s 5m klines', async () => {
    const exchange = `x${uniqueSuffix()}`;
    const utc = engineFinals(['1m', '5m', '15m', '1h', '4h', '1d'], 0, exchange);
    const minutes = utc.get('1m') ?? [];
    expect(minutes.filter((minute) => minute.tradeCount === 0)).toHaveLength(1_091);
    await subject().store.upsert(minutes);
    const india = engineFinals(['1h', '4h', '1d'], 330, exchange);
    const cases: Array<[string, number, Candle[]]> = [
      ['5m', 0, utc.get('5m') ?? []], ['15m', 0, utc.get('15m') ?? []], ['1h', 0, utc.get('1h') ?? []],
      ['4h', 0, utc.get('4h') ?? []], ['1d', 0, utc.get('1d') ?? []],
      ['1h', 330, india.get('1h') ?? []], ['4h', 330, india.get('4h') ?? []], ['1d', 330, india.get('1d') ?? []],
    ];
    for (const [bucket, offset, expected] of cases) {
      const page = await subject().store.rollup({
        exchange, symbol: 'XRPETH', bucket, timezoneOffsetMinutes: offset, startTime: 0, includeIncomplete: true, limit: 10_000,
      });
      expect(page.bars.map(shared), `${bucket} at ${offset} min`).toEqual(expected.map(shared));
    }
    const binance = readOhlcvJson('xrpeth-2019-10/XRPETH-5m.ohlcv.json');
    const fiveMinutes = await subject().store.rollup({ exchange, symbol: 'XRPETH', bucket: '5m', startTime: 0, includeIncomplete: true, limit: 10_000 });
    expect(fiveMinutes.bars.map((bar) => bar.openTime)).toEqual(binance.map((row) => row[0]));
    for (const [index, row] of binance.entries()) {
      const bar = fiveMinutes.bars[index] as Bar;
      const ours = [bar.open, bar.high, bar.low, bar.close, bar.volume].map((text) => Decimal.parse(text));
      const theirs = row.slice(1).map((value) => Decimal.parse(value.toFixed(8)));
      expect(ours.every((value, field) => value.eq(theirs[field] as Decimal)), `5m ${new Date(bar.openTime).toISOString()}`).toBe(true);
    }
  });
}
