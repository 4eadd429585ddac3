// Candle reads. Each is one index range scan of the primary key
// (exchange, symbol, interval, open_time), forwards for ranges and backwards
// for latest-N, whatever the mode: a hypertable's chunks carry the same key.
// ORDER BY names the table's column (candles.open_time) explicitly, so no
// select-list alias can ever shadow it: sorting by an expression instead of
// the column would lose the index.
import type { SqlStatement } from './executor.js';
import { CANDLE_FIELDS, CANDLE_LINE } from './rows.js';
import { msToTimestamp, timestampToMsText } from './time.js';

/** $1 exchange, $2 symbol, $3 interval, $4 first open time, $5 last open time, $6 include partials, $7 limit. */
export const READ_RANGE: SqlStatement = {
  name: 'wick_store_read_range_v1',
  text: `
SELECT ${CANDLE_LINE}
FROM candles
WHERE exchange = $1 AND symbol = $2 AND interval = $3
  AND open_time >= ${msToTimestamp('$4')} AND open_time <= ${msToTimestamp('$5')}
  AND ($6::bool OR closed)
ORDER BY candles.open_time
LIMIT $7::int8`,
};

/** $1 exchange, $2 symbol, $3 interval, $4 last open time, $5 include partials, $6 limit; newest first. */
export const READ_LATEST: SqlStatement = {
  name: 'wick_store_read_latest_v1',
  text: `
SELECT ${CANDLE_LINE}
FROM candles
WHERE exchange = $1 AND symbol = $2 AND interval = $3
  AND open_time <= ${msToTimestamp('$4')}
  AND ($5::bool OR closed)
ORDER BY candles.open_time DESC
LIMIT $6::int8`,
};

/**
 * READ_RANGE and READ_LATEST with the candle's columns as they are (no
 * line), for an engine whose rows are read field by field in binary where
 * that is cheaper (PGlite, see pglite/candle-data-rows.ts; PostgreSQL, see
 * pg/pg-candle-fields.ts): formatting two timestamps and four integers as
 * text was a third of the embedded database's time for a page.
 */
export const READ_RANGE_FIELDS: SqlStatement = {
  name: 'wick_store_read_range_fields_v1',
  text: READ_RANGE.text.replace(CANDLE_LINE, CANDLE_FIELDS),
};

export const READ_LATEST_FIELDS: SqlStatement = {
  name: 'wick_store_read_latest_fields_v1',
  text: READ_LATEST.text.replace(CANDLE_LINE, CANDLE_FIELDS),
};

/** The line read of each field-by-field read, for an executor that finds it cannot read fields after all. */
export const LINES_OF_FIELDS: ReadonlyMap<string, SqlStatement> = new Map([
  [READ_RANGE_FIELDS.name, READ_RANGE],
  [READ_LATEST_FIELDS.name, READ_LATEST],
]);

/** $1 exchange or NULL for all. */
export const LIST_SERIES: SqlStatement = {
  name: 'wick_store_list_series_v1',
  text: `
SELECT exchange, symbol, interval,
       ${timestampToMsText('first_open_time')} AS first_open_time,
       ${timestampToMsText('last_open_time')} AS last_open_time
FROM candle_series
WHERE $1::text IS NULL OR exchange = $1::text`,
};

export interface SeriesRow {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: string;
  readonly first_open_time: string;
  readonly last_open_time: string;
}

/** $1 as-of time in ms. */
export const APPLY_RETENTION: SqlStatement = {
  name: 'wick_store_apply_retention_v1',
  text: `SELECT apply_candle_retention(${msToTimestamp('$1')})::text AS removed`,
};

export const PING: SqlStatement = { name: 'wick_store_ping_v1', text: 'SELECT 1 AS ok' };
