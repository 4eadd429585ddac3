// The two ways out of a query: one page of rows (QueryCandles, HTTP JSON),
// or the whole query as CSV or NDJSON chunks (ExportCandles, HTTP CSV and
// NDJSON), streamed so that at most one store chunk and one output chunk are
// held at a time. Both continue from an opaque page token.
import { MAX_PAGE_LIMIT, type CandleStore } from '../../../common/store/index.js';
import { decodePageToken, encodePageToken, invalidField } from '../../../common/rpc/index.js';
import { barRows, positionAfter, type BarRow, type RowPosition } from './bar-rows.js';
import type { QueryPlan } from './query-plan.js';
import { csvHeader, csvLine, ndjsonLine } from './row-format.js';

/** Store reads of an export, in bars. */
const EXPORT_CHUNK_BARS = 2_000;
/** Output chunks of an export end at the first line boundary past this size. */
export const EXPORT_CHUNK_BYTES = 64 * 1024;

export interface RowPage {
  readonly rows: readonly BarRow[];
  readonly nextPageToken: string;
}

export async function queryPage(store: CandleStore, plan: QueryPlan, limit: number, token: string, tokenField: string): Promise<RowPage> {
  const position = decodePosition(plan, token, tokenField);
  const rows: BarRow[] = [];
  let more = false;
  // One more row than the page holds tells whether another page follows.
  for await (const row of barRows(store, plan, position, Math.min(MAX_PAGE_LIMIT, limit + 1))) {
    if (rows.length === limit) {
      more = true;
      break;
    }
    rows.push(row);
  }
  const last = rows.at(-1);
  return { rows, nextPageToken: more && last !== undefined ? encodePageToken(plan.fingerprint, positionAfter(last)) : '' };
}

export interface ExportOptions {
  readonly format: 'csv' | 'ndjson';
  readonly includeHeader: boolean;
  /** Rows at most; 0 for all. */
  readonly limit: number;
  readonly token: string;
  readonly tokenField: string;
}

export interface ExportChunk {
  readonly data: string;
  /** Set on the last chunk when `limit` cut the export short. */
  readonly nextPageToken: string;
}

export async function* exportChunks(store: CandleStore, plan: QueryPlan, options: ExportOptions): AsyncGenerator<ExportChunk> {
  const position = decodePosition(plan, options.token, options.tokenField);
  const line = options.format === 'csv' ? csvLine : ndjsonLine;
  let buffer = options.format === 'csv' && options.includeHeader ? csvHeader(plan.derivedOrder) : '';
  let count = 0;
  let last: BarRow | undefined;
  let nextPageToken = '';
  for await (const row of barRows(store, plan, position, EXPORT_CHUNK_BARS)) {
    if (options.limit > 0 && count === options.limit && last !== undefined) {
      nextPageToken = encodePageToken(plan.fingerprint, positionAfter(last));
      break;
    }
    buffer += line(row, plan.derivedOrder);
    count += 1;
    last = row;
    if (buffer.length >= EXPORT_CHUNK_BYTES) {
      yield { data: buffer, nextPageToken: '' };
      buffer = '';
    }
  }
  if (buffer !== '' || nextPageToken !== '') yield { data: buffer, nextPageToken };
}

function decodePosition(plan: QueryPlan, token: string, field: string): RowPosition | undefined {
  if (token === '') return undefined;
  const position = decodePageToken(field, token, plan.fingerprint, isRowPosition);
  if (position.symbolIndex >= plan.symbols.length) throw invalidField(field, 'is malformed (pass next_page_token exactly as returned)');
  return position;
}

function isRowPosition(value: unknown): value is RowPosition {
  if (typeof value !== 'object' || value === null) return false;
  const { symbolIndex, nextOpenTime } = value as Record<string, unknown>;
  return typeof symbolIndex === 'number' && Number.isSafeInteger(symbolIndex) && symbolIndex >= 0
    && (nextOpenTime === undefined || (typeof nextOpenTime === 'number' && Number.isSafeInteger(nextOpenTime) && nextOpenTime >= 0));
}
