// One candle's state to and from its snapshot, exactly: prices travel as the
// exchange's own text (parsed again into the same integers, so formatting
// reuses it as before), sums as their full decimal value.
import { FixedDecimal, parseFixed } from '../decimal/index.js';
import { CandleAccumulator } from './accumulator.js';
import type { BaseBucket } from './base-bucket.js';
import type { CandleSnapshot } from './snapshot.js';

export function snapshotCandle(candle: CandleAccumulator): CandleSnapshot {
  // A candle without trades has prices only when it is flat (closed at the previous close); any others are stale.
  const priced = candle.tradeCount > 0 || candle.revision >= 0;
  return {
    openTime: candle.openTime,
    closeTime: candle.closeTime,
    tradeCount: candle.tradeCount,
    firstTradeId: candle.firstTradeId,
    lastTradeId: candle.lastTradeId,
    open: priced ? candle.openText : '',
    high: priced ? candle.highText : '',
    low: priced ? candle.lowText : '',
    close: priced ? candle.closeText : '',
    volume: candle.volume.format(0),
    quoteVolume: candle.quoteVolume.format(0),
    takerBuyVolume: candle.takerBuyVolume.format(0),
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume.format(0),
    revision: candle.revision,
  };
}

/** The base bucket's trades as a candle snapshot (its limbs summed into exact sums). */
export function snapshotBase(base: BaseBucket): CandleSnapshot {
  const candle = new CandleAccumulator();
  candle.reset(base.openTime, base.closeTime);
  candle.mergeBase(base);
  return snapshotCandle(candle);
}

const price = new FixedDecimal();

/** Fills `into` (e.g. a recycled accumulator) from a snapshot that checkSymbolSnapshot accepted. */
export function restoreCandle(snapshot: CandleSnapshot, into: CandleAccumulator): CandleAccumulator {
  into.reset(snapshot.openTime, snapshot.closeTime);
  into.tradeCount = snapshot.tradeCount;
  into.firstTradeId = snapshot.firstTradeId;
  into.lastTradeId = snapshot.lastTradeId;
  // Prices are parsed the way trades are, so the integers and text scales match the live engine's.
  parsePrice(snapshot.open);
  [into.openInt, into.openFrac, into.openText, into.openTextScale] = [price.int, price.frac, snapshot.open, price.textScale];
  parsePrice(snapshot.high);
  [into.highInt, into.highFrac, into.highText, into.highTextScale] = [price.int, price.frac, snapshot.high, price.textScale];
  parsePrice(snapshot.low);
  [into.lowInt, into.lowFrac, into.lowText, into.lowTextScale] = [price.int, price.frac, snapshot.low, price.textScale];
  parsePrice(snapshot.close);
  [into.closeInt, into.closeFrac, into.closeText, into.closeTextScale] = [price.int, price.frac, snapshot.close, price.textScale];
  into.volume.setText(snapshot.volume);
  into.quoteVolume.setText(snapshot.quoteVolume);
  into.takerBuyVolume.setText(snapshot.takerBuyVolume);
  into.takerBuyQuoteVolume.setText(snapshot.takerBuyQuoteVolume);
  into.revision = snapshot.revision;
  return into;
}

/** '' (a bucket without trades) reads as zero with no text, as a fresh accumulator holds it. */
function parsePrice(text: string): void {
  if (text !== '') {
    parseFixed(text, price, 'snapshot price');
    return;
  }
  price.int = 0;
  price.frac = 0;
  price.textScale = -1;
}
