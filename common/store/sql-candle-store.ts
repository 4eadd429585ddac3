// The CandleStore over any SqlExecutor: the same statements serve
// TimescaleDB, plain PostgreSQL and PGlite. Validation happens here, before
// a statement runs; the executor turns driver failures into StoreErrors.
import { nextBucketOpen, bucketOpen, checkOffset, parseBucket } from './bucket.js';
import { candlesOf, type CandleColumnsPage } from './candle-columns.js';
import type {
  Bar, BarPage, CandlePage, CandleStore, LatestQuery, RangeQuery, RollupQuery, SeriesInfo, SeriesKey, StoreMode, UpsertResult,
} from './candle-store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { INTERVALS, type Candle, type IntervalName } from './domain.js';
import type { StoreMetrics } from './metrics.js';
import { resolveBatch } from './precedence.js';
import { checkLimit, checkSeries, checkSeriesKey, checkTime } from './query-checks.js';
import type { CandleFieldsRead, SqlExecutor, SqlParam, SqlStatement } from './sql/executor.js';
import { APPLY_RETENTION, LIST_SERIES, PING, READ_LATEST, READ_LATEST_FIELDS, READ_RANGE, READ_RANGE_FIELDS, type SeriesRow } from './sql/reads.js';
import { rollupParams, rollupStatement, type BarRow } from './sql/rollup.js';
import { candleColumns, integer } from './sql/rows.js';
import { NO_UPPER_BOUND_MS } from './sql/time.js';
import { UPSERT_CANDLES, upsertParams } from './sql/upsert.js';
import { validateCandles } from './validate.js';

/**
 * Candles per upsert statement; larger batches are split, each part one
 * round trip. With two parts in flight this measured fastest on PostgreSQL 15
 * (store.bench.ts: 500 to 5,000 per statement, one or two in flight).
 */
export const DEFAULT_MAX_BATCH = 2_000;

/**
 * Parts of one upsert in flight at once. While the database writes one part
 * the next is encoded and sent on another connection, so encoding and
 * writing overlap. Parts hold disjoint keys in one sorted order, so they
 * cannot deadlock each other (a part may wait for an earlier one's series
 * row, never the other way round).
 */
export const DEFAULT_WRITE_CONCURRENCY = 2;

export interface SqlCandleStoreOptions {
  readonly mode: StoreMode;
  readonly metrics: StoreMetrics;
  readonly maxBatchSize?: number;
  readonly writeConcurrency?: number;
}

export class SqlCandleStore implements CandleStore {
  readonly mode: StoreMode;
  private readonly metrics: StoreMetrics;
  private readonly maxBatchSize: number;
  private readonly writeConcurrency: number;

  constructor(private readonly executor: SqlExecutor, options: SqlCandleStoreOptions) {
    this.mode = options.mode;
    this.metrics = options.metrics;
    this.maxBatchSize = positive('maxBatchSize', options.maxBatchSize ?? DEFAULT_MAX_BATCH);
    this.writeConcurrency = positive('writeConcurrency', options.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY);
  }

  async upsert(candles: readonly Candle[]): Promise<UpsertResult> {
    if (candles.length === 0) return { written: 0, unchanged: 0 };
    validateCandles(candles);
    const winners = resolveBatch(candles);
    const parts: Candle[][] = [];
    for (let start = 0; start < winners.length; start += this.maxBatchSize) parts.push(winners.slice(start, start + this.maxBatchSize));
    const written = await this.metrics.time('upsert', async () => {
      const counts = await mapConcurrently(parts, this.writeConcurrency, async (part) => {
        const [row] = await this.executor.query<{ written: string }>(UPSERT_CANDLES, upsertParams(part));
        return row === undefined ? 0 : integer(row.written, 'written');
      });
      return counts.reduce((sum, count) => sum + count, 0);
    });
    const result = { written, unchanged: candles.length - written };
    this.metrics.countUpsert(result.written, result.unchanged);
    return result;
  }

  async readRange(query: RangeQuery): Promise<CandlePage> {
    return candlePage(await this.readRangeColumns(query));
  }

  async readLatest(query: LatestQuery): Promise<CandlePage> {
    return candlePage(await this.readLatestColumns(query));
  }

  async readRangeColumns(query: RangeQuery): Promise<CandleColumnsPage> {
    checkSeriesKey(query);
    checkLimit(query.limit);
    checkTime('startTime', query.startTime);
    checkTime('endTime', query.endTime);
    const identity = seriesIdentity(query);
    const from = query.cursor === undefined ? query.startTime : decodeCursor('range', identity, query.cursor) + 1;
    const { columns, rows } = await this.metrics.time('read_range', () => this.readColumns(READ_RANGE, READ_RANGE_FIELDS, query, [
      query.exchange, query.symbol, query.interval, String(from), String(query.endTime ?? NO_UPPER_BOUND_MS),
      query.includePartial ?? false, String(query.limit + 1),
    ], query.limit, false));
    const more = rows > query.limit && columns.length > 0;
    return more ? { columns, nextCursor: encodeCursor('range', identity, columns.openTime[columns.length - 1] as number) } : { columns };
  }

  async readLatestColumns(query: LatestQuery): Promise<CandleColumnsPage> {
    checkSeriesKey(query);
    checkLimit(query.limit);
    checkTime('endTime', query.endTime);
    const identity = seriesIdentity(query);
    const end = query.endTime ?? NO_UPPER_BOUND_MS;
    const through = query.cursor === undefined ? end : Math.min(end, decodeCursor('latest', identity, query.cursor) - 1);
    // Rows come newest first; pages are returned oldest first.
    const { columns, rows } = await this.metrics.time('read_latest', () => this.readColumns(READ_LATEST, READ_LATEST_FIELDS, query, [
      query.exchange, query.symbol, query.interval, String(through), query.includePartial ?? false, String(query.limit + 1),
    ], query.limit, true));
    const more = rows > query.limit && columns.length > 0;
    return more ? { columns, nextCursor: encodeCursor('latest', identity, columns.openTime[0] as number) } : { columns };
  }

  /** A candle read as lines, or field by field where the executor reads those cheaper (PGlite). */
  private async readColumns(
    lines: SqlStatement, fields: SqlStatement, key: SeriesKey, params: readonly SqlParam[], limit: number, newestFirst: boolean,
  ): Promise<CandleFieldsRead> {
    if (this.executor.queryCandleFields !== undefined) return this.executor.queryCandleFields(fields, params, key, limit, newestFirst);
    const rows = await this.executor.queryLines(lines, params);
    return { columns: candleColumns(key, rows, limit, newestFirst), rows: rows.count };
  }

  async listSeries(filter: { readonly exchange?: string } = {}): Promise<readonly SeriesInfo[]> {
    const rows = await this.metrics.time('list_series', () =>
      this.executor.query<SeriesRow>(LIST_SERIES, [filter.exchange ?? null]));
    return rows.map(seriesFromRow).sort(compareSeries);
  }

  async rollup(query: RollupQuery): Promise<BarPage> {
    checkSeries(query);
    checkLimit(query.limit);
    checkTime('startTime', query.startTime);
    checkTime('endTime', query.endTime);
    const bucket = parseBucket(query.bucket);
    const offset = query.timezoneOffsetMinutes ?? 0;
    checkOffset(offset);
    const identity = `${query.exchange}|${query.symbol}|${bucket.text}|${offset}`;
    const fromMs = query.cursor === undefined
      ? bucketOpen(bucket, query.startTime, offset)
      : nextBucketOpen(bucket, decodeCursor('rollup', identity, query.cursor), offset);
    const toMs = query.endTime === undefined
      ? NO_UPPER_BOUND_MS
      : nextBucketOpen(bucket, bucketOpen(bucket, query.endTime, offset), offset);
    if (fromMs >= toMs) return { bars: [] };
    const rows = await this.metrics.time('rollup', () => this.executor.query<BarRow>(rollupStatement(bucket), rollupParams({
      exchange: query.exchange, symbol: query.symbol, bucket, offsetMinutes: offset, fromMs, toMs,
      includeIncomplete: query.includeIncomplete ?? false, limit: query.limit + 1,
    })));
    const bars = rows.slice(0, query.limit).map((row) => barFromRow(row, query));
    const last = bars.at(-1);
    const more = rows.length > query.limit && last !== undefined;
    return more ? { bars, nextCursor: encodeCursor('rollup', identity, last.openTime) } : { bars };
  }

  async applyRetention(asOfMs: number): Promise<number> {
    checkTime('asOfMs', asOfMs);
    const [row] = await this.metrics.time('retention', () =>
      this.executor.query<{ removed: string }>(APPLY_RETENTION, [String(asOfMs)]));
    return row === undefined ? 0 : integer(row.removed, 'removed');
  }

  async ping(): Promise<void> {
    await this.executor.query(PING);
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}`);
  return value;
}

/** Runs `work` over `items` with at most `limit` in flight; results in item order. Stops taking items after a failure. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function candlePage(page: CandleColumnsPage): CandlePage {
  const candles = candlesOf(page.columns);
  return page.nextCursor === undefined ? { candles } : { candles, nextCursor: page.nextCursor };
}

function seriesIdentity(query: { exchange: string; symbol: string; interval: string }): string {
  return `${query.exchange}|${query.symbol}|${query.interval}`;
}

function seriesFromRow(row: SeriesRow): SeriesInfo {
  return {
    exchange: row.exchange,
    symbol: row.symbol,
    interval: row.interval as IntervalName,
    firstOpenTime: integer(row.first_open_time, 'first_open_time'),
    lastOpenTime: integer(row.last_open_time, 'last_open_time'),
  };
}

const INTERVAL_ORDER = new Map(INTERVALS.map((interval, index) => [interval, index]));

function compareSeries(a: SeriesInfo, b: SeriesInfo): number {
  return compareText(a.exchange, b.exchange) || compareText(a.symbol, b.symbol)
    || (INTERVAL_ORDER.get(a.interval) ?? 0) - (INTERVAL_ORDER.get(b.interval) ?? 0);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function barFromRow(row: BarRow, query: RollupQuery): Bar {
  return {
    exchange: query.exchange,
    symbol: query.symbol,
    bucket: query.bucket,
    openTime: integer(row.open_time, 'open_time'),
    closeTime: integer(row.close_time, 'close_time'),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    quoteVolume: row.quote_volume,
    takerBuyVolume: row.taker_buy_volume,
    takerBuyQuoteVolume: row.taker_buy_quote_volume,
    tradeCount: integer(row.trade_count, 'trade_count'),
    firstTradeId: integer(row.first_trade_id, 'first_trade_id'),
    lastTradeId: integer(row.last_trade_id, 'last_trade_id'),
    complete: row.complete,
  };
}
