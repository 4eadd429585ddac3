// The limits of CandleService requests, as the proto documents them, plus
// the subscriptions one stream may carry.

/** GetCandles.limit: 0 means this many. */
export const DEFAULT_CANDLES_LIMIT = 500;
/** GetCandles.limit at most. */
export const MAX_CANDLES_LIMIT = 1_000;
/** StreamCandlesRequest.history at most. */
export const MAX_STREAM_HISTORY = 1_000;
/** StreamCandlesRequest.subscriptions at most: a chart page rarely needs more, and each one costs a history read. */
export const MAX_SUBSCRIPTIONS = 64;
