// Candle columns (../candle-columns.ts) straight from PGlite's DataRow
// messages of a field-by-field read (READ_LATEST_FIELDS, READ_RANGE_FIELDS):
// the timestamps, integers and flag in PostgreSQL's binary format (no text
// formatting in the database, no digit parsing here), the decimals as
// NUMERIC's text output, exact with their scale, kept as ranges of the
// answer's bytes.
import { allocateCandleColumns, type CandleColumns } from '../candle-columns.js';
import type { SeriesKey } from '../candle-store.js';
import { StoreError } from '../errors.js';
import type { DataRows } from '../sql/wire-protocol.js';

/**
 * Result formats of CANDLE_FIELDS: open_time and close_time (timestamptz),
 * binary; the eight decimals, text; trade_count, first_trade_id,
 * last_trade_id (int8), revision (int4) and closed (bool), binary.
 */
export const CANDLE_FIELD_FORMATS: readonly number[] = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

/** timestamptz counts microseconds from 2000-01-01T00:00:00Z. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_TO_32 = 0x1_0000_0000;

/** The first `count` rows as columns of the series `key`, oldest first: rows given newest first are reversed. */
export function candleColumnsOfDataRows(key: SeriesKey, data: DataRows, count: number, newestFirst: boolean): CandleColumns {
  const length = Math.min(count, data.count);
  const columns = allocateCandleColumns(key, length, data.bytes);
  const { bytes, rows } = data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let row = 0; row < length; row += 1) {
    let offset = rows[row] as number;
    if (view.getInt16(offset) !== CANDLE_FIELD_FORMATS.length) fail(`a candle row has ${view.getInt16(offset)} fields, not ${CANDLE_FIELD_FORMATS.length}`);
    offset += 2;
    const at = newestFirst ? length - 1 - row : row;
    expectLength(view, offset, 8, 'open_time');
    columns.openTime[at] = epochMs(view, offset + 4);
    offset += 12;
    expectLength(view, offset, 8, 'close_time');
    columns.closeTime[at] = epochMs(view, offset + 4);
    offset += 12;
    for (let decimal = 0; decimal < 8; decimal += 1) {
      const size = view.getInt32(offset);
      if (size <= 0) fail('a candle row has an empty or NULL decimal');
      columns.decimals[16 * at + 2 * decimal] = offset + 4;
      columns.decimals[16 * at + 2 * decimal + 1] = offset + 4 + size;
      offset += 4 + size;
    }
    expectLength(view, offset, 8, 'trade_count');
    columns.tradeCount[at] = int64(view, offset + 4, 'trade_count');
    offset += 12;
    expectLength(view, offset, 8, 'first_trade_id');
    columns.firstTradeId[at] = int64(view, offset + 4, 'first_trade_id');
    offset += 12;
    expectLength(view, offset, 8, 'last_trade_id');
    columns.lastTradeId[at] = int64(view, offset + 4, 'last_trade_id');
    offset += 12;
    expectLength(view, offset, 4, 'revision');
    columns.revision[at] = view.getInt32(offset + 4);
    offset += 8;
    expectLength(view, offset, 1, 'closed');
    columns.closed[at] = bytes[offset + 4] === 0 ? 0 : 1;
  }
  return columns;
}

function expectLength(view: DataView, offset: number, size: number, column: string): void {
  if (view.getInt32(offset) !== size) fail(`column ${column} is ${view.getInt32(offset)} bytes, not ${size}`);
}

/** A big-endian int64 as a number; beyond 2^53 it would lose digits, so that is an error. */
function int64(view: DataView, offset: number, column: string): number {
  const value = view.getInt32(offset) * TWO_TO_32 + view.getUint32(offset + 4);
  if (!Number.isSafeInteger(value)) fail(`column ${column} holds an integer beyond 2^53`);
  return value;
}

/** A timestamptz (microseconds from 2000) as epoch milliseconds, rounded as the text read rounds it. */
function epochMs(view: DataView, offset: number): number {
  return Math.round(int64(view, offset, 'timestamp') / 1000) + POSTGRES_EPOCH_MS;
}

function fail(message: string): never {
  throw new StoreError('QUERY_FAILED', message);
}
