// The exact state of one candle while it is built: what a kline holds,
// with prices as exact integer pairs (plus the exchange's own string, reused
// when the candle is formatted) and sums as ExactSum limbs. Accumulators
// merge: the engine folds a base bucket (its finest common bucket) into
// every interval's candle, and merging is order-free because open and close
// follow the lowest and highest trade id, not arrival order.
import { ExactSum } from '../decimal/index.js';
import type { BaseBucket } from './base-bucket.js';
import type { ParsedTrade } from './parsed-trade.js';

/** The trade ids and prices of a bucket of trades, as a CandleAccumulator and a BaseBucket both hold them. */
export interface TradedPrices {
  readonly tradeCount: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  readonly openInt: number;
  readonly openFrac: number;
  readonly openText: string;
  readonly openTextScale: number;
  readonly highInt: number;
  readonly highFrac: number;
  readonly highText: string;
  readonly highTextScale: number;
  readonly lowInt: number;
  readonly lowFrac: number;
  readonly lowText: string;
  readonly lowTextScale: number;
  readonly closeInt: number;
  readonly closeFrac: number;
  readonly closeText: string;
  readonly closeTextScale: number;
}

export class CandleAccumulator implements TradedPrices {
  openTime = 0;
  closeTime = 0;
  /** Raw trades in the candle; 0 for an empty or flat candle. */
  tradeCount = 0;
  firstTradeId = -1;
  lastTradeId = -1;
  openInt = 0;
  openFrac = 0;
  openText = '';
  /** Fraction digits of openText, -1 if it is not canonical (FixedDecimal.textScale). */
  openTextScale = -1;
  highInt = 0;
  highFrac = 0;
  highText = '';
  highTextScale = -1;
  lowInt = 0;
  lowFrac = 0;
  lowText = '';
  lowTextScale = -1;
  closeInt = 0;
  closeFrac = 0;
  closeText = '';
  closeTextScale = -1;
  readonly volume = new ExactSum();
  readonly quoteVolume = new ExactSum();
  readonly takerBuyVolume = new ExactSum();
  readonly takerBuyQuoteVolume = new ExactSum();
  /** Revision of the last final emitted; -1 while no final was emitted. */
  revision = -1;

  /** Empties the candle for a new bucket. */
  reset(openTime: number, closeTime: number): void {
    this.openTime = openTime;
    this.closeTime = closeTime;
    this.tradeCount = 0;
    this.firstTradeId = -1;
    this.lastTradeId = -1;
    this.volume.reset();
    this.quoteVolume.reset();
    this.takerBuyVolume.reset();
    this.takerBuyQuoteVolume.reset();
    this.revision = -1;
  }

  /** One trade (the slow path: the hot one adds to a BaseBucket). */
  addTrade(trade: ParsedTrade): void {
    const price = trade.price;
    trade.notional.setProduct(price, trade.quantity);
    if (this.tradeCount === 0) {
      this.firstTradeId = trade.firstTradeId;
      this.lastTradeId = trade.lastTradeId;
      this.setAllPrices(price.int, price.frac, trade.priceText, price.textScale);
    } else {
      if (opensBefore(trade.firstTradeId, price.int, price.frac, this)) {
        this.firstTradeId = trade.firstTradeId;
        this.setOpen(price.int, price.frac, trade.priceText, price.textScale);
      }
      if (closesAfter(trade.lastTradeId, price.int, price.frac, this)) {
        this.lastTradeId = trade.lastTradeId;
        this.setClose(price.int, price.frac, trade.priceText, price.textScale);
      }
      this.widen(price.int, price.frac, trade.priceText, price.textScale, price.int, price.frac, trade.priceText, price.textScale);
    }
    this.tradeCount += trade.lastTradeId - trade.firstTradeId + 1;
    this.volume.addFixed(trade.quantity);
    this.quoteVolume.add(trade.notional);
    if (trade.takerBuy) {
      this.takerBuyVolume.addFixed(trade.quantity);
      this.takerBuyQuoteVolume.add(trade.notional);
    }
  }

  /** Folds another candle of the same bucket (or a sub-bucket of it) into this one. */
  merge(other: CandleAccumulator): void {
    if (other.tradeCount === 0) return;
    this.mergePrices(other);
    this.volume.add(other.volume);
    this.quoteVolume.add(other.quoteVolume);
    this.takerBuyVolume.add(other.takerBuyVolume);
    this.takerBuyQuoteVolume.add(other.takerBuyQuoteVolume);
  }

  /** merge or mergeBase, whichever `source` needs. */
  mergeFrom(source: CandleAccumulator | BaseBucket): void {
    if (source instanceof CandleAccumulator) this.merge(source);
    else this.mergeBase(source);
  }

  /** Folds a base bucket (a sub-bucket of this candle's) into this one. */
  mergeBase(base: BaseBucket): void {
    if (base.tradeCount === 0) return;
    this.mergePrices(base);
    this.volume.addLimbs(base.volume0, base.volume8, 0, 0);
    this.quoteVolume.addLimbs(base.quote0, base.quote8, base.quote12, base.quote16);
    this.takerBuyVolume.addLimbs(base.takerVolume0, base.takerVolume8, 0, 0);
    this.takerBuyQuoteVolume.addLimbs(base.takerQuote0, base.takerQuote8, base.takerQuote12, base.takerQuote16);
  }

  /** Trade count, ids and prices of `other` folded in: open and close by trade id, high and low by price. */
  private mergePrices(other: TradedPrices): void {
    if (this.tradeCount === 0) {
      this.firstTradeId = other.firstTradeId;
      this.lastTradeId = other.lastTradeId;
      this.setOpen(other.openInt, other.openFrac, other.openText, other.openTextScale);
      this.setClose(other.closeInt, other.closeFrac, other.closeText, other.closeTextScale);
      this.highInt = other.highInt;
      this.highFrac = other.highFrac;
      this.highText = other.highText;
      this.highTextScale = other.highTextScale;
      this.lowInt = other.lowInt;
      this.lowFrac = other.lowFrac;
      this.lowText = other.lowText;
      this.lowTextScale = other.lowTextScale;
    } else {
      if (opensBefore(other.firstTradeId, other.openInt, other.openFrac, this)) {
        this.firstTradeId = other.firstTradeId;
        this.setOpen(other.openInt, other.openFrac, other.openText, other.openTextScale);
      }
      if (closesAfter(other.lastTradeId, other.closeInt, other.closeFrac, this)) {
        this.lastTradeId = other.lastTradeId;
        this.setClose(other.closeInt, other.closeFrac, other.closeText, other.closeTextScale);
      }
      this.widen(other.highInt, other.highFrac, other.highText, other.highTextScale, other.lowInt, other.lowFrac, other.lowText, other.lowTextScale);
    }
    this.tradeCount += other.tradeCount;
  }

  /** Copies everything but the bucket times and revision. */
  copyTradesFrom(other: CandleAccumulator): void {
    this.tradeCount = 0;
    this.volume.reset();
    this.quoteVolume.reset();
    this.takerBuyVolume.reset();
    this.takerBuyQuoteVolume.reset();
    this.merge(other);
  }

  /**
   * Makes this an empty candle at `previous`'s close, as Binance shows an
   * interval without trades. Returns whether the price changed (a flat
   * candle re-priced after a late trade needs a new revision).
   */
  setFlat(previous: CandleAccumulator): boolean {
    const changed = this.closeInt !== previous.closeInt || this.closeFrac !== previous.closeFrac || this.closeText === '';
    this.tradeCount = 0;
    this.firstTradeId = -1;
    this.lastTradeId = -1;
    this.setAllPrices(previous.closeInt, previous.closeFrac, previous.closeText, previous.closeTextScale);
    this.volume.reset();
    this.quoteVolume.reset();
    this.takerBuyVolume.reset();
    this.takerBuyQuoteVolume.reset();
    return changed;
  }

  private setAllPrices(int: number, frac: number, text: string, textScale: number): void {
    this.setOpen(int, frac, text, textScale);
    this.setClose(int, frac, text, textScale);
    this.highInt = int;
    this.highFrac = frac;
    this.highText = text;
    this.highTextScale = textScale;
    this.lowInt = int;
    this.lowFrac = frac;
    this.lowText = text;
    this.lowTextScale = textScale;
  }

  private setOpen(int: number, frac: number, text: string, textScale: number): void {
    this.openInt = int;
    this.openFrac = frac;
    this.openText = text;
    this.openTextScale = textScale;
  }

  private setClose(int: number, frac: number, text: string, textScale: number): void {
    this.closeInt = int;
    this.closeFrac = frac;
    this.closeText = text;
    this.closeTextScale = textScale;
  }

  private widen(
    highInt: number, highFrac: number, highText: string, highTextScale: number,
    lowInt: number, lowFrac: number, lowText: string, lowTextScale: number,
  ): void {
    if (highInt > this.highInt || (highInt === this.highInt && highFrac > this.highFrac)) {
      this.highInt = highInt;
      this.highFrac = highFrac;
      this.highText = highText;
      this.highTextScale = highTextScale;
    }
    if (lowInt < this.lowInt || (lowInt === this.lowInt && lowFrac < this.lowFrac)) {
      this.lowInt = lowInt;
      this.lowFrac = lowFrac;
      this.lowText = lowText;
      this.lowTextScale = lowTextScale;
    }
  }
}

/**
 * Open and close follow the lowest and highest trade id. Two trades can share
 * an id only when de-duplication is off; the lower price then opens and the
 * higher closes, so the result does not depend on the order in which trades
 * and sub-buckets are folded (a restored engine folds them in another order).
 */
export function opensBefore(firstTradeId: number, int: number, frac: number, current: TradedPrices): boolean {
  if (firstTradeId !== current.firstTradeId) return firstTradeId < current.firstTradeId;
  return int < current.openInt || (int === current.openInt && frac < current.openFrac);
}

/** See opensBefore. */
export function closesAfter(lastTradeId: number, int: number, frac: number, current: TradedPrices): boolean {
  if (lastTradeId !== current.lastTradeId) return lastTradeId > current.lastTradeId;
  return int > current.closeInt || (int === current.closeInt && frac > current.closeFrac);
}
