// The few PostgreSQL wire-protocol messages wick's stores exchange with the
// database directly, and the reading of the answer: the embedded store's
// reads with PGlite (execProtocolRawStream), and the PostgreSQL store's
// candle reads over node-postgres's socket (../pg/raw-exchange.ts).
// PGlite's query() decodes every DataRow into a message object with one
// string per field, then a row object: for a page of 1,000 candles that was
// more time than PostgreSQL's own work. Here a read is one Bind, Execute and
// Sync of a statement prepared once, and the answer's rows are located in
// its bytes, nothing decoded (see line-rows.ts).
import type { LineRows } from './line-rows.js';
import type { SqlParam } from './executor.js';

const encoder = new TextEncoder();

/** Parse: prepares `text` as the named statement `name` (parameter types inferred). */
export function parseMessage(name: string, text: string): Uint8Array {
  return message('P', [cstring(name), cstring(text), int16(0)]);
}

/** Bind of the named statement to the unnamed portal: text parameters; result columns in `formats` (0 text, 1 binary; none: all text). */
export function bindMessage(name: string, params: readonly SqlParam[], formats: readonly number[] = []): Uint8Array {
  const parts: Uint8Array[] = [cstring(''), cstring(name), int16(0), int16(params.length)];
  for (const param of params) {
    if (param === null) {
      parts.push(int32(-1));
      continue;
    }
    const bytes = encoder.encode(typeof param === 'boolean' ? (param ? 't' : 'f') : param);
    parts.push(int32(bytes.length), bytes);
  }
  parts.push(int16(formats.length), ...formats.map(int16));
  return message('B', parts);
}

/** Execute of the unnamed portal, every row, then Sync (ends the implicit transaction, answers ReadyForQuery). */
export const EXECUTE_AND_SYNC: Uint8Array = concat([message('E', [cstring(''), int32(0)]), message('S', [])]);

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An ErrorResponse's fields that name the failure. */
export interface WireError {
  readonly message: string;
  /** SQLSTATE */
  readonly code: string;
}

/** The DataRow messages of an answer: row i's column count is at bytes[rows[i]], its columns follow. */
export interface DataRows {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly rows: Uint32Array;
}

export type WireAnswer = { readonly ok: true; readonly data: DataRows } | { readonly ok: false; readonly error: WireError };

/**
 * The rows of an answer (DataRow messages), or its first error. Other
 * messages (ParseComplete, BindComplete, CommandComplete, notices,
 * ReadyForQuery) carry nothing a read needs.
 */
export function readAnswer(bytes: Uint8Array): WireAnswer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A DataRow takes at least 7 bytes: an upper bound on the rows, so the index never grows.
  const rows = new Uint32Array(Math.floor(bytes.length / 7));
  let count = 0;
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const type = bytes[offset] as number;
    const end = offset + 1 + view.getInt32(offset + 1);
    if (end > bytes.length) throw new Error('PGlite answered a truncated protocol message');
    if (type === DATA_ROW) rows[count++] = offset + 5;
    else if (type === ERROR_RESPONSE) return { ok: false, error: errorFields(bytes, offset + 5, end) };
    offset = end;
  }
  return { ok: true, data: { bytes, count, rows: rows.subarray(0, count) } };
}

/** Rows of one non-null text column as LineRows. */
export function lineRowsOf(data: DataRows): LineRows {
  const { bytes, count, rows } = data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bounds = new Uint32Array(2 * count);
  for (let index = 0; index < count; index += 1) {
    const at = rows[index] as number;
    if (view.getInt16(at) !== 1) throw new Error('a line read returned a row of more than one column');
    const length = view.getInt32(at + 2);
    if (length < 0) throw new Error('a line read returned NULL');
    bounds[2 * index] = at + 6;
    bounds[2 * index + 1] = at + 6 + length;
  }
  return { count, bytes, bounds };
}

const DATA_ROW = 'D'.charCodeAt(0);
const ERROR_RESPONSE = 'E'.charCodeAt(0);
const FIELD_CODE = 'C'.charCodeAt(0);
const FIELD_MESSAGE = 'M'.charCodeAt(0);

const decoder = new TextDecoder();

/** An ErrorResponse body: (type byte, C string)* then a zero byte. */
export function errorFields(bytes: Uint8Array, start: number, end: number): WireError {
  let message = 'unknown error';
  let code = '';
  let offset = start;
  while (offset < end && bytes[offset] !== 0) {
    const type = bytes[offset] as number;
    const close = bytes.indexOf(0, offset + 1);
    const valueEnd = close < 0 || close > end ? end : close;
    const value = decoder.decode(bytes.subarray(offset + 1, valueEnd));
    if (type === FIELD_MESSAGE) message = value;
    if (type === FIELD_CODE) code = value;
    offset = valueEnd + 1;
  }
  return { message, code };
}

function message(type: string, parts: readonly Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

function cstring(text: string): Uint8Array {
  const bytes = encoder.encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

function int16(value: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setInt16(0, value);
  return out;
}

function int32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value);
  return out;
}
