// A candle as wick emits it: every field of a Binance kline, decimals as
// exact strings formatted the way Binance formats them (README.md).
import type { IntervalName } from './intervals.js';

export interface Candle {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: IntervalName;
  /** ms UTC. */
  readonly openTime: number;
  /** openTime + interval - 1 ms. */
  readonly closeTime: number;
  /** Price of the trade with the lowest trade id in the candle. */
  readonly open: string;
  readonly high: string;
  readonly low: string;
  /** Price of the trade with the highest trade id in the candle. */
  readonly close: string;
  /** Sum of quantities (base asset). */
  readonly volume: string;
  /** Sum of price x quantity (quote asset). */
  readonly quoteVolume: string;
  /** Volume of trades whose taker bought (buyer was not the maker). */
  readonly takerBuyVolume: string;
  readonly takerBuyQuoteVolume: string;
  /** Raw trades: an aggTrade counts lastTradeId - firstTradeId + 1. */
  readonly tradeCount: number;
  /** -1 when the candle has no trade (Binance's convention). */
  readonly firstTradeId: number;
  /** -1 when the candle has no trade. */
  readonly lastTradeId: number;
  /** false = partial update, true = final. */
  readonly closed: boolean;
  /** 0 for the first final; +1 for each re-issue after a late trade. */
  readonly revision: number;
}

/** A candle with no trade: Binance repeats the previous close with zero volume. */
export function isFlatCandle(candle: Candle): boolean {
  return candle.tradeCount === 0;
}
