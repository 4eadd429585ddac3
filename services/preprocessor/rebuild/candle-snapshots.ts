// Stored candles (decimal strings) into the engine snapshot format, and the
// facts a snapshot needs that stored candles imply: the trade ids they
// counted and the decimal scales they were written with.
import type { Candle } from '../../../common/candles/candle.js';
import type { CandleSnapshot, SeenSnapshot } from '../engine-port/symbol-snapshot.js';

/** A stored candle as engine state; `revision` is what the engine last emitted for it (-1: never, an open candle). */
export function candleSnapshotOf(candle: Candle, revision: number): CandleSnapshot {
  return {
    openTime: candle.openTime,
    closeTime: candle.closeTime,
    tradeCount: candle.tradeCount,
    firstTradeId: candle.firstTradeId,
    lastTradeId: candle.lastTradeId,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
    quoteVolume: candle.quoteVolume,
    takerBuyVolume: candle.takerBuyVolume,
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume,
    revision,
  };
}

/**
 * The trade ids the candles counted, as merged ranges. A candle counted ids
 * first..last: a symbol's trades reach Kafka in id order (the collector's
 * contract), so ids inside a candle's range belong to it. Each range
 * remembers the latest close time of its candles, which bounds its trades'
 * times for the engine's pruning.
 */
export function seenFrom(candles: readonly Candle[]): SeenSnapshot {
  const ranges = candles
    .filter((candle) => candle.tradeCount > 0)
    .map((candle) => [candle.firstTradeId, candle.lastTradeId, candle.closeTime] as [number, number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number, number]> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && range[0] <= previous[1] + 1) {
      previous[1] = Math.max(previous[1], range[1]);
      previous[2] = Math.max(previous[2], range[2]);
    } else {
      merged.push([...range]);
    }
  }
  const maxId = merged.length === 0 ? -1 : (merged[merged.length - 1] as [number, number, number])[1];
  return { maxId, ranges: merged };
}

/** Fraction digits of a decimal string. */
export function scaleOf(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** The price and quantity scales the candles were written with (the engine writes every candle of a symbol at its scales). */
export function scalesOf(candles: readonly Candle[]): { price: number; quantity: number } {
  let price = 0;
  let quantity = 0;
  for (const candle of candles) {
    price = Math.max(price, scaleOf(candle.open), scaleOf(candle.high), scaleOf(candle.low), scaleOf(candle.close));
    quantity = Math.max(quantity, scaleOf(candle.volume), scaleOf(candle.takerBuyVolume));
  }
  return { price, quantity };
}
