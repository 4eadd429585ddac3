// Checks of the request fields both candle services share: exchange, symbol,
// interval, times and page sizes. Each returns the normalised value or throws
// INVALID_ARGUMENT naming the field.
import { INTERVALS, isIntervalName, type IntervalName } from '../candles/intervals.js';
import { invalidField, quoteInput } from './field-error.js';

export const DEFAULT_EXCHANGE = 'binance';

/** 2200-01-01T00:00:00Z - 1 ms: the store refuses later times, so requests do too. */
export const MAX_REQUEST_TIME_MS = 7_258_118_399_999;

const EXCHANGE = /^[a-z][a-z0-9_-]{0,31}$/;
// Binance spells symbols in upper-case letters and digits; other venues add
// separators (BTC-USD, tBTCUSD), so those are allowed and the case is kept.
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

/** Empty means binance; ids are lower case ("Binance" is accepted as binance). */
export function checkExchange(field: string, value: string): string {
  if (value === '') return DEFAULT_EXCHANGE;
  const lower = value.toLowerCase();
  if (!EXCHANGE.test(lower)) throw invalidField(field, `${quoteInput(value)} is not an exchange id (letters, digits, _ or -, e.g. binance)`);
  return lower;
}

/** Binance symbols are upper case, so "btcusdt" means BTCUSDT there; other exchanges keep the case given. */
export function checkSymbol(field: string, value: string, exchange: string): string {
  if (value === '') throw invalidField(field, 'is required (e.g. BTCUSDT)');
  if (!SYMBOL.test(value)) throw invalidField(field, `${quoteInput(value)} is not a symbol (letters and digits, e.g. BTCUSDT)`);
  return exchange === DEFAULT_EXCHANGE ? value.toUpperCase() : value;
}

export function checkInterval(field: string, value: string): IntervalName {
  if (value === '') throw invalidField(field, `is required (one of ${INTERVALS.join(' ')})`);
  if (!isIntervalName(value)) throw invalidField(field, `${quoteInput(value)} is not a Binance interval (${INTERVALS.join(' ')})`);
  return value;
}

/** An int64 of epoch milliseconds from 1970 to 2199, as a number; undefined stays undefined. */
export function checkTime(field: string, value: bigint | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value < 0n || value > BigInt(MAX_REQUEST_TIME_MS)) {
    throw invalidField(field, `${value} is not a time in milliseconds since the Unix epoch between 1970 and 2199`);
  }
  return Number(value);
}

/** A page size: 0 means `fallback`; more than `max` is refused rather than cut silently. */
export function checkLimit(field: string, value: number, fallback: number, max: number): number {
  if (value === 0) return fallback;
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw invalidField(field, `${value} is more than the maximum ${max}`);
  return value;
}

/** start <= end when both are given. */
export function checkTimeOrder(startField: string, start: number | undefined, endField: string, end: number | undefined): void {
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidField(endField, `${end} is before ${startField} ${start}`);
  }
}
