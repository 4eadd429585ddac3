// Turns an accumulator into a Candle with Binance's decimal formatting.
//
// Binance writes each kline decimal at a fixed scale per symbol, trailing
// zeros included, and the scale is the one its trades are written in:
// - spot: prices, volumes and quote volumes all with 8 decimals
//   ("58001.03000000", "6.45389500", "374344.56589795");
// - USD-M futures: prices at the symbol's price precision ("352.60"),
//   volumes at its quantity precision ("19.270"), quote volumes at the sum
//   of both ("6789.51000" = 2 + 3 decimals).
// So the engine tracks, per symbol, the largest scale its trade prices and
// quantities were written with and formats prices and volumes at those
// scales and quote volumes at min(price + quantity scale, 8). A quote
// volume that needs more digits than that keeps them: nothing is ever
// rounded (see README.md).
import { FIXED_FRACTION_DIGITS, formatFixed } from '../decimal/index.js';
import type { CandleAccumulator } from './accumulator.js';
import type { Candle } from './candle.js';
import type { IntervalName } from './intervals.js';

/** Output scales of one symbol. */
export class SymbolScales {
  price = 0;
  quantity = 0;

  constructor(readonly minimum: number) {
    this.price = minimum;
    this.quantity = minimum;
  }

  get quote(): number {
    return Math.max(this.minimum, Math.min(this.price + this.quantity, FIXED_FRACTION_DIGITS));
  }
}

export interface CandleLabels {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: IntervalName;
}

/**
 * Prices reuse the exchange's own string when it is canonical and already
 * has the wanted scale (the usual case: no work at all); otherwise they are
 * rebuilt from the exact integers.
 */
export function toCandle(acc: CandleAccumulator, labels: CandleLabels, scales: SymbolScales, closed: boolean, revision: number): Candle {
  const priceScale = scales.price;
  const quantityScale = scales.quantity;
  const quoteScale = scales.quote;
  return {
    exchange: labels.exchange,
    symbol: labels.symbol,
    interval: labels.interval,
    openTime: acc.openTime,
    closeTime: acc.closeTime,
    open: acc.openTextScale === priceScale ? acc.openText : formatFixed(acc.openInt, acc.openFrac, priceScale),
    high: acc.highTextScale === priceScale ? acc.highText : formatFixed(acc.highInt, acc.highFrac, priceScale),
    low: acc.lowTextScale === priceScale ? acc.lowText : formatFixed(acc.lowInt, acc.lowFrac, priceScale),
    close: acc.closeTextScale === priceScale ? acc.closeText : formatFixed(acc.closeInt, acc.closeFrac, priceScale),
    volume: acc.volume.format(quantityScale),
    quoteVolume: acc.quoteVolume.format(quoteScale),
    takerBuyVolume: acc.takerBuyVolume.format(quantityScale),
    takerBuyQuoteVolume: acc.takerBuyQuoteVolume.format(quoteScale),
    tradeCount: acc.tradeCount,
    firstTradeId: acc.firstTradeId,
    lastTradeId: acc.lastTradeId,
    closed,
    revision,
  };
}

/**
 * The same values under another interval and time range: a longer
 * interval's candle holding exactly the same trades. Spelled out field by
 * field because an object spread takes V8's slow path here.
 */
export function relabel(candle: Candle, interval: IntervalName, openTime: number, closeTime: number): Candle {
  return {
    exchange: candle.exchange,
    symbol: candle.symbol,
    interval,
    openTime,
    closeTime,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
    quoteVolume: candle.quoteVolume,
    takerBuyVolume: candle.takerBuyVolume,
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume,
    tradeCount: candle.tradeCount,
    firstTradeId: candle.firstTradeId,
    lastTradeId: candle.lastTradeId,
    closed: candle.closed,
    revision: candle.revision,
  };
}
