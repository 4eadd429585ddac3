// Small helpers for engine tests: a trade builder and an engine that
// records everything it emits.
import type { Candle } from '../candle.js';
import { CandleEngine, type CandleEngineOptions, type DiscardedTrade } from '../engine.js';
import type { Trade } from '../trade.js';

export const T0 = Date.parse('2024-03-01T00:00:00Z');
export const MINUTE = 60_000;

let nextAggregateId = 1;

/** A trade with sensible defaults; `id` is its (single) trade id. */
export function trade(id: number, time: number, price = '1.00000000', quantity = '1.00000000', extra: Partial<Trade> = {}): Trade {
  return {
    symbol: 'BTCUSDT',
    aggregateId: nextAggregateId++,
    firstTradeId: id,
    lastTradeId: id,
    price,
    quantity,
    time,
    buyerIsMaker: false,
    ...extra,
  };
}

export interface Recorder {
  readonly engine: CandleEngine;
  readonly candles: Candle[];
  readonly discards: DiscardedTrade[];
  finals(interval?: string): Candle[];
  partials(interval?: string): Candle[];
}

export function recordingEngine(options: Partial<CandleEngineOptions> = {}): Recorder {
  const candles: Candle[] = [];
  const discards: DiscardedTrade[] = [];
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: ['1m'],
    onCandle: (candle) => candles.push(candle),
    onDiscard: (discard) => discards.push(discard),
    ...options,
  });
  return {
    engine,
    candles,
    discards,
    finals: (interval) => candles.filter((c) => c.closed && (interval === undefined || c.interval === interval)),
    partials: (interval) => candles.filter((c) => !c.closed && (interval === undefined || c.interval === interval)),
  };
}
