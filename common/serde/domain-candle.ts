// The candle engine's domain Candle, as agreed for common/candles/candle.ts.
// Declared here structurally because that module does not exist yet; once it
// does, this file should re-export it instead (the shapes are identical, so
// callers will not notice).
import type { IntervalName } from './interval-names.js';

export interface Candle {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: IntervalName;
  /** ms UTC. */
  readonly openTime: number;
  /** openTime + interval - 1 ms. */
  readonly closeTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume: string;
  readonly takerBuyVolume: string;
  readonly takerBuyQuoteVolume: string;
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
