// What the simulator knows about a recording before replaying it: its
// symbols, which kind of trade each carries, id and time ranges (for the
// loop offsets) and the decimal precision of prices and quantities (for
// exchangeInfo's filters).
import type { RecordingFormat } from '../../../common/recordings/recorded-trade.js';

export type TradeKind =
  /** Aggregate trades: served on <symbol>@aggTrade and by /api/v3/aggTrades. */
  | 'aggTrade'
  /** Raw trades: served on <symbol>@trade only (aggregates cannot be derived honestly from them). */
  | 'trade';

export interface SymbolSummary {
  readonly symbol: string;
  readonly kind: TradeKind;
  readonly trades: number;
  readonly firstAggregateId: number;
  readonly lastAggregateId: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Trade time of the first and last trade, ms. */
  readonly firstTime: number;
  readonly lastTime: number;
  /** Most decimals any price needed (trailing zeros dropped): the tick size is 10^-priceScale. */
  readonly priceScale: number;
  /** Most decimals any quantity needed: the step size is 10^-quantityScale. */
  readonly quantityScale: number;
  readonly maxPrice: string;
}

export interface RecordingSummary {
  readonly path: string;
  readonly format: RecordingFormat;
  readonly symbols: readonly SymbolSummary[];
  readonly trades: number;
  /** Earliest trade time and latest trade or event time in the file, ms: one loop spans lastTime - firstTime + 1. */
  readonly firstTime: number;
  readonly lastTime: number;
}
