// Exact rollups of stored 1m candles into buckets of any width, in SQL, so a
// week of minutes leaves the database as one row. NUMERIC sums and max/min
// are exact; nothing passes through a float.
//
// Per bucket, as Binance builds a kline of that width from the same trades:
// - open: the open of the first minute that had a trade; high and low: over
//   the minutes that had trades. A minute without trades is a flat candle at
//   the previous close, which is not a price traded in this bucket, so it
//   only sets the bar when the whole bucket had no trade (the bar is then
//   flat at that price, as Binance's empty kline is).
// - close: the close of the last minute (a trailing flat minute carries the
//   last traded price, so this is the last trade's price either way).
// - volumes and trade count: sums over every minute (flat ones add zero).
// - first/last trade id: of the first/last minute that had a trade; -1 when
//   none did.
// - complete: every minute is final and the series' final minutes reach the
//   bucket's end.
import type { Bucket } from '../bucket.js';
import type { SqlParam, SqlStatement } from './executor.js';
import { msToTimestamp, timestampToMsText } from './time.js';

/**
 * Fixed widths: date_bin() in integer microseconds. $7 width (ms), $8 origin
 * (ms): the anchor (epoch, or the first Monday for weeks) at local midnight.
 */
const FIXED_BUCKET = `
  date_bin($7::int8 * INTERVAL '1 millisecond', m.open_time, ${msToTimestamp('$8')}) AS bucket_open,
  date_bin($7::int8 * INTERVAL '1 millisecond', m.open_time, ${msToTimestamp('$8')})
    + $7::int8 * INTERVAL '1 millisecond' AS bucket_next`;

/** Calendar months in local time: $7 months per bucket, $8 offset (minutes). */
const MONTHS_BUCKET = `
  (month.open_local - $8::int8 * INTERVAL '1 minute') AT TIME ZONE 'UTC' AS bucket_open,
  (month.open_local + make_interval(months => $7::int4) - $8::int8 * INTERVAL '1 minute') AT TIME ZONE 'UTC' AS bucket_next`;

// Local wall time, then the first month of its N-month group counted from
// January 1970 (timestamp without time zone: no session time zone applies).
const MONTHS_JOIN = `
  CROSS JOIN LATERAL (
    SELECT (m.open_time AT TIME ZONE 'UTC') + $8::int8 * INTERVAL '1 minute' AS wall
  ) AS local
  CROSS JOIN LATERAL (
    SELECT TIMESTAMP '1970-01-01' + make_interval(months => (floor(
      ((EXTRACT(YEAR FROM local.wall)::int - 1970) * 12 + EXTRACT(MONTH FROM local.wall)::int - 1)::numeric / $7::int4
    ) * $7::int4)::int) AS open_local
  ) AS month`;

// $1 exchange, $2 symbol, $3 scan from (ms, a bucket open), $4 scan to
// (ms, exclusive, a bucket open), $5 include incomplete, $6 limit, $7/$8 the
// bucket parameters above.
//
// First and last values are picked with min/max over [time, value] arrays
// (arrays compare element by element): one pass, no per-group sort, which
// PostgreSQL 15 would do for every ORDER BY inside an aggregate.
function rollupText(bucketColumns: string, joins: string): string {
  return `
WITH bucketed AS (
  SELECT ${bucketColumns},
         EXTRACT(EPOCH FROM m.open_time) AS at,
         m.open, m.high, m.low, m.close, m.volume, m.quote_volume, m.taker_buy_volume, m.taker_buy_quote_volume,
         m.trade_count, m.first_trade_id, m.last_trade_id, m.closed
  FROM candles AS m ${joins}
  WHERE m.exchange = $1 AND m.symbol = $2 AND m.interval = '1m'
    AND m.open_time >= ${msToTimestamp('$3')} AND m.open_time < ${msToTimestamp('$4')}
),
bars AS (
  SELECT bucket_open, bucket_next,
    COALESCE((min(ARRAY[at, open]) FILTER (WHERE trade_count > 0))[2], (min(ARRAY[at, open]))[2]) AS open,
    COALESCE(max(high) FILTER (WHERE trade_count > 0), max(high)) AS high,
    COALESCE(min(low) FILTER (WHERE trade_count > 0), min(low)) AS low,
    (max(ARRAY[at, close]))[2] AS close,
    sum(volume) AS volume, sum(quote_volume) AS quote_volume,
    sum(taker_buy_volume) AS taker_buy_volume, sum(taker_buy_quote_volume) AS taker_buy_quote_volume,
    sum(trade_count) AS trade_count,
    COALESCE((min(ARRAY[at, first_trade_id]) FILTER (WHERE trade_count > 0))[2], -1) AS first_trade_id,
    COALESCE((max(ARRAY[at, last_trade_id]) FILTER (WHERE trade_count > 0))[2], -1) AS last_trade_id,
    bool_and(closed) AS all_final
  FROM bucketed
  GROUP BY bucket_open, bucket_next
),
judged AS (
  -- An uncorrelated scalar subquery runs once (an InitPlan): the end of the
  -- series' newest final minute, found by one backward index probe.
  SELECT bars.*, (bars.all_final AND bars.bucket_next <= COALESCE((
    SELECT open_time + INTERVAL '1 minute'
    FROM candles
    WHERE exchange = $1 AND symbol = $2 AND interval = '1m' AND closed
    ORDER BY open_time DESC
    LIMIT 1), TIMESTAMPTZ 'epoch')) AS complete
  FROM bars
)
SELECT ${timestampToMsText('bucket_open')} AS open_time,
       ((EXTRACT(EPOCH FROM bucket_next) * 1000)::int8 - 1)::text AS close_time,
       open::text AS open, high::text AS high, low::text AS low, close::text AS close,
       volume::text AS volume, quote_volume::text AS quote_volume,
       taker_buy_volume::text AS taker_buy_volume, taker_buy_quote_volume::text AS taker_buy_quote_volume,
       trade_count::text AS trade_count, first_trade_id::bigint::text AS first_trade_id,
       last_trade_id::bigint::text AS last_trade_id, complete
FROM judged
WHERE $5::bool OR complete
ORDER BY bucket_open
LIMIT $6::int8`;
}

export const ROLLUP_FIXED: SqlStatement = { name: 'wick_store_rollup_fixed_v1', text: rollupText(FIXED_BUCKET, '') };
export const ROLLUP_MONTHS: SqlStatement = { name: 'wick_store_rollup_months_v1', text: rollupText(MONTHS_BUCKET, MONTHS_JOIN) };

export interface BarRow {
  readonly open_time: string;
  readonly close_time: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quote_volume: string;
  readonly taker_buy_volume: string;
  readonly taker_buy_quote_volume: string;
  readonly trade_count: string;
  readonly first_trade_id: string;
  readonly last_trade_id: string;
  readonly complete: boolean;
}

export interface RollupScan {
  readonly exchange: string;
  readonly symbol: string;
  readonly bucket: Bucket;
  readonly offsetMinutes: number;
  /** First bucket open to read (ms). */
  readonly fromMs: number;
  /** Bucket open the scan stops before (ms). */
  readonly toMs: number;
  readonly includeIncomplete: boolean;
  readonly limit: number;
}

export function rollupStatement(bucket: Bucket): SqlStatement {
  return bucket.kind === 'fixed' ? ROLLUP_FIXED : ROLLUP_MONTHS;
}

export function rollupParams(scan: RollupScan): SqlParam[] {
  const { bucket } = scan;
  const bucketParams: SqlParam[] = bucket.kind === 'fixed'
    ? [String(bucket.widthMs), String(bucket.anchorMs - scan.offsetMinutes * 60_000)]
    : [String(bucket.months), String(scan.offsetMinutes)];
  return [scan.exchange, scan.symbol, String(scan.fromMs), String(scan.toMs), scan.includeIncomplete, String(scan.limit), ...bucketParams];
}
