// What the rest of wick needs from candle storage, independent of where the
// candles live (TimescaleDB, plain PostgreSQL or embedded PGlite). Times are
// milliseconds since the Unix epoch (UTC); prices and volumes are exact
// decimal strings in and out, never JS numbers.
import type { CandleColumnsPage } from './candle-columns.js';
import type { Candle, IntervalName } from './domain.js';

export type StoreMode = 'timescaledb' | 'postgres' | 'pglite';

/** The largest page any read returns; the RPC layers enforce their own, smaller limits. */
export const MAX_PAGE_LIMIT = 10_000;

export interface SeriesKey {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: IntervalName;
}

export interface UpsertResult {
  /** Candles inserted or changed. */
  readonly written: number;
  /** Candles that changed nothing: redeliveries, older revisions, partials behind a final. */
  readonly unchanged: number;
}

/** Oldest first from `startTime`; the cursor continues with later candles. */
export interface RangeQuery extends SeriesKey {
  /** Earliest open time, inclusive. */
  readonly startTime: number;
  /** Latest open time, inclusive; absent means no bound. */
  readonly endTime?: number;
  /** 1..MAX_PAGE_LIMIT */
  readonly limit: number;
  /** Also return partial candles (closed = false); default false. */
  readonly includePartial?: boolean;
  /** nextCursor of the previous page of the same query. */
  readonly cursor?: string;
}

/** The newest `limit` candles up to `endTime`; the cursor continues with older ones. */
export interface LatestQuery extends SeriesKey {
  /** Latest open time, inclusive; absent means no bound. */
  readonly endTime?: number;
  /** 1..MAX_PAGE_LIMIT */
  readonly limit: number;
  /** Also return partial candles (closed = false); default false. */
  readonly includePartial?: boolean;
  /** nextCursor of the previous page of the same query. */
  readonly cursor?: string;
}

export interface CandlePage {
  /** Ascending open time, whichever direction the query pages in. */
  readonly candles: readonly Candle[];
  /** Present when more candles follow in the query's direction. */
  readonly nextCursor?: string;
}

/** One stored series and the open times of its oldest and newest candles. */
export interface SeriesInfo extends SeriesKey {
  readonly firstOpenTime: number;
  readonly lastOpenTime: number;
}

/** Bars of any width rolled up exactly from the stored 1m candles of one symbol. */
export interface RollupQuery {
  readonly exchange: string;
  readonly symbol: string;
  /** Count and unit: m, h, d, w or M (calendar months), e.g. "7m", "2h", "1w", "3M". */
  readonly bucket: string;
  /** Fixed UTC offset the buckets align to, -720..840 minutes; default 0. */
  readonly timezoneOffsetMinutes?: number;
  /** Earliest bucket to return: the bucket containing this time. */
  readonly startTime: number;
  /** Latest bucket to return: the bucket containing this time; absent means no bound. */
  readonly endTime?: number;
  /** Also return buckets that have not ended or hold a partial 1m candle; default false. */
  readonly includeIncomplete?: boolean;
  /** 1..MAX_PAGE_LIMIT */
  readonly limit: number;
  readonly cursor?: string;
}

export interface Bar {
  readonly exchange: string;
  readonly symbol: string;
  /** The bucket as requested, e.g. "7m". */
  readonly bucket: string;
  readonly openTime: number;
  /** Next bucket's open time - 1 ms. */
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
  /** -1 when no minute of the bucket had a trade. */
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** The bucket has ended (the series' final 1m candles reach its end) and all its 1m candles are final. */
  readonly complete: boolean;
}

export interface BarPage {
  readonly bars: readonly Bar[];
  readonly nextCursor?: string;
}

export interface CandleStore {
  readonly mode: StoreMode;
  /**
   * Writes a batch idempotently: a candle changes its row only when it is
   * newer (higher revision, final over partial, or a partial with more
   * trades); a candle delivered again changes nothing.
   */
  upsert(candles: readonly Candle[]): Promise<UpsertResult>;
  readRange(query: RangeQuery): Promise<CandlePage>;
  readLatest(query: LatestQuery): Promise<CandlePage>;
  /** readRange's page in columns (candle-columns.ts): the same candles and cursor, no object per candle. */
  readRangeColumns(query: RangeQuery): Promise<CandleColumnsPage>;
  /** readLatest's page in columns. */
  readLatestColumns(query: LatestQuery): Promise<CandleColumnsPage>;
  /** Every stored series, optionally of one exchange, by exchange, symbol and Binance interval order. */
  listSeries(filter?: { readonly exchange?: string }): Promise<readonly SeriesInfo[]>;
  rollup(query: RollupQuery): Promise<BarPage>;
  /**
   * Deletes candles past their interval's retention (candle_retention) as of
   * `asOfMs`; returns how many rows were deleted one by one (on TimescaleDB,
   * rows of chunks dropped whole are not counted). TimescaleDB runs this
   * daily by itself; in the other modes a service calls it.
   */
  applyRetention(asOfMs: number): Promise<number>;
  /** Resolves when the database answers a trivial query (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
