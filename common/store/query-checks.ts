// Validation of read and rollup queries: a malformed query is an
// INVALID_QUERY naming the field, never a database error.
import { MAX_PAGE_LIMIT, type SeriesKey } from './candle-store.js';
import { INTERVALS } from './domain.js';
import { StoreError } from './errors.js';
import { MAX_TIME_MS } from './sql/time.js';

const KNOWN_INTERVALS: ReadonlySet<string> = new Set(INTERVALS);

export function checkSeries(query: { readonly exchange: string; readonly symbol: string }): void {
  checkName('exchange', query.exchange);
  checkName('symbol', query.symbol);
}

export function checkSeriesKey(query: SeriesKey): void {
  checkSeries(query);
  if (!KNOWN_INTERVALS.has(query.interval)) invalid(`interval ${JSON.stringify(String(query.interval).slice(0, 20))} is not a Binance interval`);
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) invalid(`limit ${limit} is outside 1..${MAX_PAGE_LIMIT}`);
}

/** A time in ms since the epoch; `undefined` passes when the field is optional. */
export function checkTime(field: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TIME_MS) {
    invalid(`${field} ${value} is not an integer of milliseconds from 1970 to 2199`);
  }
}

function checkName(field: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) invalid(`${field} must be 1..64 characters`);
}

function invalid(message: string): never {
  throw new StoreError('INVALID_QUERY', message);
}
