// Decoding of result rows. A candle read returns one text column per row,
// the candle's fields joined by commas in the database: node-postgres spends
// most of a read's time on per-column work (18,000 fields for a 1,000-candle
// page), and one column per row cut a latest-1,000 read's client CPU by
// about 2.7x on PostgreSQL 15 (see the report in issue #4). Each field is
// the column's own text output (NUMERIC::text for decimals, so exact, with
// their scale), and no field can contain a comma.
//
// The lines arrive as bytes (LineRows) and are decoded into columns
// (../candle-columns.ts) in one pass: integers parsed from their digits,
// decimals kept as ranges of the same bytes.
//
// PostgreSQL and PGlite read candles field by field over the raw protocol
// instead (../pg/pg-candle-fields.ts, ../pglite/candle-data-rows.ts); line
// reads are what an executor without that falls back to.
import { allocateCandleColumns, type CandleColumns } from '../candle-columns.js';
import type { SeriesKey } from '../candle-store.js';
import { StoreError } from '../errors.js';
import type { LineRows } from './line-rows.js';
import { timestampToMsText } from './time.js';

/** The select list of every candle read: one column, `line`. */
export const CANDLE_LINE = `concat_ws(',',
  ${timestampToMsText('open_time')}, ${timestampToMsText('close_time')},
  open, high, low, close, volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
  trade_count, first_trade_id, last_trade_id, revision, closed::int) AS line`;

/** The select list of a field-by-field candle read: CANDLE_LINE's fields as columns, in its order. */
export const CANDLE_FIELDS = `open_time, close_time, open, high, low, close, volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
  trade_count, first_trade_id, last_trade_id, revision, closed`;

const FIELDS = 15;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;

/**
 * The first `count` rows as columns of the series `key` (the series' names
 * are not repeated per row), oldest first: rows given newest first
 * (`newestFirst`) are reversed.
 */
export function candleColumns(key: SeriesKey, rows: LineRows, count: number, newestFirst: boolean): CandleColumns {
  const length = Math.min(count, rows.count);
  const columns = allocateCandleColumns(key, length, rows.bytes);
  const { bytes, bounds } = rows;
  // The field ends of one line: ends[f] is the offset of field f's terminating comma (or the line's end).
  const ends = new Uint32Array(FIELDS);
  for (let row = 0; row < length; row += 1) {
    const start = bounds[2 * row] as number;
    const end = bounds[2 * row + 1] as number;
    let field = 0;
    for (let offset = start; offset < end && field < FIELDS; offset += 1) if (bytes[offset] === COMMA) ends[field++] = offset;
    if (field !== FIELDS - 1) throw new StoreError('QUERY_FAILED', `a candle row has ${field + 1} fields, not ${FIELDS}`);
    ends[FIELDS - 1] = end;
    const at = newestFirst ? length - 1 - row : row;
    columns.openTime[at] = integerAt(bytes, start, ends[0] as number, 'open_time');
    columns.closeTime[at] = integerAt(bytes, (ends[0] as number) + 1, ends[1] as number, 'close_time');
    for (let decimal = 0; decimal < 8; decimal += 1) {
      const from = (ends[decimal + 1] as number) + 1;
      const to = ends[decimal + 2] as number;
      if (from === to) throw new StoreError('QUERY_FAILED', 'a candle row has an empty decimal');
      columns.decimals[16 * at + 2 * decimal] = from;
      columns.decimals[16 * at + 2 * decimal + 1] = to;
    }
    columns.tradeCount[at] = integerAt(bytes, (ends[9] as number) + 1, ends[10] as number, 'trade_count');
    columns.firstTradeId[at] = integerAt(bytes, (ends[10] as number) + 1, ends[11] as number, 'first_trade_id');
    columns.lastTradeId[at] = integerAt(bytes, (ends[11] as number) + 1, ends[12] as number, 'last_trade_id');
    columns.revision[at] = integerAt(bytes, (ends[12] as number) + 1, ends[13] as number, 'revision');
    columns.closed[at] = integerAt(bytes, (ends[13] as number) + 1, end, 'closed') === 1 ? 1 : 0;
  }
  return columns;
}

/** An integer column's text (PostgreSQL's own output: optional minus, digits) as a number; beyond 2^53 it would lose digits, so that is an error. */
function integerAt(bytes: Uint8Array, start: number, end: number, column: string): number {
  const negative = bytes[start] === MINUS;
  let value = 0;
  let offset = negative ? start + 1 : start;
  const digits = end - offset;
  for (; offset < end; offset += 1) {
    const digit = (bytes[offset] as number) - ZERO;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (offset !== end || digits === 0 || digits > 16 || !Number.isSafeInteger(value)) {
    const text = new TextDecoder().decode(bytes.subarray(start, end));
    throw new StoreError('QUERY_FAILED', `column ${column} holds ${JSON.stringify(text)}, not an exact integer`);
  }
  return negative ? -value : value;
}

/** An integer column's text (PostgreSQL's own output) as a number; beyond 2^53 it would lose digits, so that is an error. */
export function integer(text: string, column: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || text === '') {
    throw new StoreError('QUERY_FAILED', `column ${column} holds ${JSON.stringify(text)}, not an exact integer`);
  }
  return value;
}
