// A trade as the simulated exchange publishes it: the recorded trade with
// the current loop's id and time offsets applied. It is the candle
// engine's Trade, so klines are built from exactly what was published.
import type { Trade } from '../../../common/candles/trade.js';
import type { TradeKind } from '../recording/summary.js';

export interface SimTrade extends Trade {
  readonly kind: TradeKind;
}
