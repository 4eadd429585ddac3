// The base bucket's running candle: what every trade of the current base
// bucket (symbol-state.ts) is added to, the one update per trade on the hot
// path. It holds what a CandleAccumulator holds, laid out for speed:
//
// - the four sums are plain number fields (limbs, as in ExactSum), not
//   ExactSum objects, so an add is a few loads and stores on one object;
// - price x quantity goes straight into the quote limbs, never stored as a
//   separate product first;
// - no carry and no bigint: every limb stays below 2^52 (where number
//   arithmetic is exact), and an add that would take one to 2^52 is refused
//   before anything changes. The caller then folds the bucket into its
//   interval candles (whose ExactSums carry and spill into bigint) and adds
//   again to the emptied bucket; a product too large for any limb takes the
//   slow path. Folding is an exact, order-free merge, so where the bucket
//   was cut changes nothing.
import { closesAfter, opensBefore, type TradedPrices } from './accumulator.js';
import type { ParsedTrade } from './parsed-trade.js';

/** Limbs stay below this; numbers below 2^53 are exact, and two limbs below 2^52 sum below 2^53. */
const LIMB_LIMIT = 2 ** 52;

/**
 * Whether six new limb values (non-negative integers, each below 2^53) are
 * all below 2^52, in one comparison: rounding a sum of non-negative numbers
 * never takes it below any of its terms, so a rounded sum below 2^52 means
 * every term is. A sum at or above it with every term below only refuses an
 * add that was safe: the caller folds the bucket and adds again.
 */
function belowLimbLimit(a: number, b: number, c: number, d: number, e: number, f: number): boolean {
  return a + b + c + d + e + f < LIMB_LIMIT;
}

export class BaseBucket implements TradedPrices {
  openTime = 0;
  closeTime = 0;
  tradeCount = 0;
  firstTradeId = -1;
  lastTradeId = -1;
  openInt = 0;
  openFrac = 0;
  openText = '';
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
  /** Volume = volume0 + volume8 / 10^8. */
  volume0 = 0;
  volume8 = 0;
  /** Quote volume = quote0 + quote8 / 10^8 + quote12 / 10^12 + quote16 / 10^16 (ExactSum's limbs). */
  quote0 = 0;
  quote8 = 0;
  quote12 = 0;
  quote16 = 0;
  takerVolume0 = 0;
  takerVolume8 = 0;
  takerQuote0 = 0;
  takerQuote8 = 0;
  takerQuote12 = 0;
  takerQuote16 = 0;

  reset(openTime: number, closeTime: number): void {
    this.openTime = openTime;
    this.closeTime = closeTime;
    this.tradeCount = 0;
    this.firstTradeId = -1;
    this.lastTradeId = -1;
    this.volume0 = 0;
    this.volume8 = 0;
    this.quote0 = 0;
    this.quote8 = 0;
    this.quote12 = 0;
    this.quote16 = 0;
    this.takerVolume0 = 0;
    this.takerVolume8 = 0;
    this.takerQuote0 = 0;
    this.takerQuote8 = 0;
    this.takerQuote12 = 0;
    this.takerQuote16 = 0;
  }

  /**
   * Adds the trade and returns true, or returns false with nothing changed
   * when a limb would reach 2^52 (see the file comment). With
   * p = pi + pf/10^8 and q = qi + qf/10^8, p x q = pi*qi + (pi*qf + pf*qi)/10^8
   * + pf*qf/10^16, and pf*qf (up to 10^16) is taken in its two halves
   * pfHigh*qf/10^12 + pfLow*qf/10^16 (each below 10^12), as in ExactSum.
   * One function on purpose: it is the per-trade update, and V8 inlines it
   * whole into the engine's hot path.
   */
  add(trade: ParsedTrade): boolean {
    const price = trade.price;
    const quantity = trade.quantity;
    const qi = quantity.int;
    const qf = quantity.frac;
    const whole = price.int * qi;
    const middle = price.int * qf + price.frac * qi;
    const low12 = price.fracHigh * qf;
    const low16 = price.fracLow * qf;
    const volume0 = this.volume0 + qi;
    const volume8 = this.volume8 + qf;
    const quote0 = this.quote0 + whole;
    const quote8 = this.quote8 + middle;
    const quote12 = this.quote12 + low12;
    const quote16 = this.quote16 + low16;
    if (!belowLimbLimit(volume0, volume8, quote0, quote8, quote12, quote16)) return false;
    if (trade.takerBuy) {
      const takerVolume0 = this.takerVolume0 + qi;
      const takerVolume8 = this.takerVolume8 + qf;
      const takerQuote0 = this.takerQuote0 + whole;
      const takerQuote8 = this.takerQuote8 + middle;
      const takerQuote12 = this.takerQuote12 + low12;
      const takerQuote16 = this.takerQuote16 + low16;
      if (!belowLimbLimit(takerVolume0, takerVolume8, takerQuote0, takerQuote8, takerQuote12, takerQuote16)) return false;
      this.takerVolume0 = takerVolume0;
      this.takerVolume8 = takerVolume8;
      this.takerQuote0 = takerQuote0;
      this.takerQuote8 = takerQuote8;
      this.takerQuote12 = takerQuote12;
      this.takerQuote16 = takerQuote16;
    }
    this.volume0 = volume0;
    this.volume8 = volume8;
    this.quote0 = quote0;
    this.quote8 = quote8;
    this.quote12 = quote12;
    this.quote16 = quote16;
    const first = trade.firstTradeId;
    const last = trade.lastTradeId;
    const int = price.int;
    const frac = price.frac;
    if (this.tradeCount === 0) {
      this.firstTradeId = first;
      this.lastTradeId = last;
      this.setOpen(int, frac, trade.priceText, price.textScale);
      this.setHigh(int, frac, trade.priceText, price.textScale);
      this.setLow(int, frac, trade.priceText, price.textScale);
      this.setClose(int, frac, trade.priceText, price.textScale);
    } else {
      // Open and close follow the lowest and highest trade id; in order, every trade is the new close.
      if (closesAfter(last, int, frac, this)) {
        this.lastTradeId = last;
        this.setClose(int, frac, trade.priceText, price.textScale);
      }
      if (opensBefore(first, int, frac, this)) {
        this.firstTradeId = first;
        this.setOpen(int, frac, trade.priceText, price.textScale);
      }
      // high >= low, so a price above the high is not below the low.
      if (int > this.highInt || (int === this.highInt && frac > this.highFrac)) this.setHigh(int, frac, trade.priceText, price.textScale);
      else if (int < this.lowInt || (int === this.lowInt && frac < this.lowFrac)) this.setLow(int, frac, trade.priceText, price.textScale);
    }
    this.tradeCount += last - first + 1;
    return true;
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

  private setHigh(int: number, frac: number, text: string, textScale: number): void {
    this.highInt = int;
    this.highFrac = frac;
    this.highText = text;
    this.highTextScale = textScale;
  }

  private setLow(int: number, frac: number, text: string, textScale: number): void {
    this.lowInt = int;
    this.lowFrac = frac;
    this.lowText = text;
    this.lowTextScale = textScale;
  }
}
