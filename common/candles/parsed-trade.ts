// A trade parsed once into exact fixed-point numbers. Each symbol owns one
// ParsedTrade and refills it for every trade, so the hot path allocates
// nothing: price, quantity and price x quantity are parsed or computed
// once and then added to as many candles as need them. Per symbol, not per
// engine, so the last price parsed is that symbol's: consecutive trades of
// a symbol often share a price (45% of BTCUSDT's in ws-2021-04), and with
// many symbols interleaved an engine-wide cache would rarely hit.
import { ExactSum, FixedDecimal, parseFixed, tryParseFixed } from '../decimal/index.js';
import type { Trade } from './trade.js';

export class ParsedTrade {
  readonly price = new FixedDecimal();
  readonly quantity = new FixedDecimal();
  /** price x quantity, exact; set only by CandleAccumulator.addTrade (the hot path sums it into a BaseBucket directly). */
  readonly notional = new ExactSum();
  /** The price as the exchange wrote it (reused for open/high/low/close strings); '' before any. */
  priceText = '';
  firstTradeId = 0;
  lastTradeId = 0;
  time = 0;
  /** The taker bought: Binance's taker-buy volumes count this trade. */
  takerBuy = false;
}

/**
 * Fills `into` from `trade` and returns true, or returns false for a trade
 * that is malformed or in a rarer form (parseTrade then sorts it out). The
 * hot path: no exceptions, no messages, small enough for V8 to inline.
 */
export function tryParseTrade(trade: Trade, into: ParsedTrade): boolean {
  const first = trade.firstTradeId;
  const last = trade.lastTradeId;
  const time = trade.time;
  const price = trade.price;
  const quantity = trade.quantity;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || last < first || !Number.isSafeInteger(time)) return false;
  if (typeof price !== 'string' || typeof quantity !== 'string') return false;
  // A string compare (a length check, then bytes) is cheaper than a parse; '' never parses, so it cannot hit.
  if (price !== into.priceText || price.length === 0) {
    into.priceText = '';
    if (!tryParseFixed(price, into.price)) return false;
    into.priceText = price;
  }
  if (!tryParseFixed(quantity, into.quantity)) return false;
  into.firstTradeId = first;
  into.lastTradeId = last;
  into.time = time;
  into.takerBuy = !trade.buyerIsMaker;
  return true;
}

/**
 * Fills `into` from `trade`, accepting every form parseFixed does. Throws a DecimalError for a bad price or
 * quantity and a TradeShapeError for bad ids or time; the engine turns
 * either into a discarded-trade report, never a crash.
 */
export function parseTrade(trade: Trade, into: ParsedTrade): void {
  const first = trade.firstTradeId;
  const last = trade.lastTradeId;
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 0 || last < first) {
    throw new TradeShapeError(`trade ids ${first}..${last} are not a range of non-negative integers`);
  }
  if (!Number.isSafeInteger(trade.time)) throw new TradeShapeError(`trade time ${trade.time} is not an integer of milliseconds`);
  if (typeof trade.price !== 'string' || typeof trade.quantity !== 'string') {
    throw new TradeShapeError(`trade price ${String(trade.price)} and quantity ${String(trade.quantity)} must be decimal strings`);
  }
  // Consecutive trades often share a price: into.price already holds the parse of into.priceText.
  if (trade.price !== into.priceText || trade.price.length === 0) {
    into.priceText = '';
    parseFixed(trade.price, into.price, 'price');
    into.priceText = trade.price;
  }
  parseFixed(trade.quantity, into.quantity, 'quantity');
  into.firstTradeId = first;
  into.lastTradeId = last;
  into.time = trade.time;
  into.takerBuy = !trade.buyerIsMaker;
}

export class TradeShapeError extends Error {
  override readonly name = 'TradeShapeError';
}
