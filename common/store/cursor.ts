// Opaque page cursors. A cursor names the query it belongs to (its kind and
// the series or rollup it reads) and the open time the next page starts
// after, so a cursor replayed against another query is rejected instead of
// silently returning the wrong series.
import { StoreError } from './errors.js';

export type CursorKind = 'range' | 'latest' | 'rollup';

interface CursorBody {
  readonly v: 1;
  readonly k: CursorKind;
  /** Identity of the query, e.g. "binance|BTCUSDT|1m". */
  readonly q: string;
  /** Open time (ms) of the last item returned; the next page continues past it. */
  readonly t: number;
}

const MAX_CURSOR_LENGTH = 1_024;

export function encodeCursor(kind: CursorKind, query: string, lastOpenTime: number): string {
  const body: CursorBody = { v: 1, k: kind, q: query, t: lastOpenTime };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The open time the cursor continues after; throws INVALID_QUERY for a malformed or foreign cursor. */
export function decodeCursor(kind: CursorKind, query: string, cursor: string): number {
  const body = parse(cursor);
  if (body === undefined) throw new StoreError('INVALID_QUERY', 'cursor is malformed (pass nextCursor exactly as returned)');
  if (body.k !== kind || body.q !== query) {
    throw new StoreError('INVALID_QUERY', 'cursor belongs to a different query (repeat the query that returned it)');
  }
  return body.t;
}

function parse(cursor: string): CursorBody | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const body: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return isCursorBody(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return body.v === 1 && (body.k === 'range' || body.k === 'latest' || body.k === 'rollup')
    && typeof body.q === 'string' && typeof body.t === 'number' && Number.isSafeInteger(body.t);
}
