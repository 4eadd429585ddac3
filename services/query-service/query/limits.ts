// The limits of QueryService requests. The proto fixes the first ones; the
// time range is the service's own (--max-range), since it bounds how many 1m
// candles one request can make the database roll up.

/** CandleQuery.symbols at most. */
export const MAX_SYMBOLS = 100;
/** QueryCandlesRequest.limit: 0 means this many bars. */
export const DEFAULT_PAGE_BARS = 1_000;
/** QueryCandlesRequest.limit at most. */
export const MAX_PAGE_BARS = 10_000;
/** CandleQuery.scale: 0 means this many fraction digits. */
export const DEFAULT_SCALE = 12;
export const MAX_SCALE = 30;
/** CandleQuery.volatility_window bounds. */
export const MIN_VOLATILITY_WINDOW = 2;
export const MAX_VOLATILITY_WINDOW = 1_000;
/** CandleQuery.bucket: a count up to this and a unit. */
export const MAX_BUCKET_COUNT = 10_000;
/** Default of --max-range: a little over a year of 1m candles per symbol. */
export const DEFAULT_MAX_RANGE_MS = 366 * 86_400_000;

export interface QueryLimits {
  /** Longest end_time - start_time accepted. */
  readonly maxRangeMs: number;
}
