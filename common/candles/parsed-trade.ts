// A trade parsed once into exact fixed-point numbers. The engine owns one
// ParsedTrade and refills it for every trade, so the hot path allocates
// nothing: price, quantity and price x quantity are parsed or computed
// once and then added to as many candles as need them.
import { ExactSum, FixedDecimal, parseFixed } from '../decimal/index.js';
import type { Trade } from './trade.js';

export class ParsedTrade {
  readonly price = new FixedDecimal();
  readonly quantity = new FixedDecimal();
  /** price x quantity, exact. */
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
 * Fills `into` from `trade`. Throws a DecimalError for a bad price or
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
  into.notional.setProduct(into.price, into.quantity);
  into.firstTradeId = first;
  into.lastTradeId = last;
  into.time = trade.time;
  into.takerBuy = !trade.buyerIsMaker;
}

export class TradeShapeError extends Error {
  override readonly name = 'TradeShapeError';
}
