// Validation of scalar fields: JSON values of WebSocket frames, the decimal
// rule and the timestamp rule shared with the CSV rows (csv-row.ts). Prices
// and quantities stay the exchange's decimal strings (never a float); ids and
// timestamps are integers well inside 2^53, so they become numbers.
import { RowError } from './errors.js';

const DECIMAL = /^\d+(?:\.\d+)?$/;
const INTEGER = /^\d+$/;

/** Returns the text unchanged when it is a plain non-negative decimal. */
export function decimalField(name: string, text: string | undefined): string {
  if (text === undefined || !DECIMAL.test(text)) {
    throw new RowError(`${name} ${quote(text)} is not a decimal number`);
  }
  return text;
}

/** An integer that came out of JSON: it must be a safe non-negative integer. */
export function jsonIntegerField(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new RowError(`${name} ${describe(value)} is not an integer`);
  }
  return safeInteger(name, value);
}

/** A price or quantity that came out of JSON: Binance sends them as strings. */
export function jsonDecimalField(name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new RowError(`${name} ${describe(value)} is not a decimal string`);
  }
  return decimalField(name, value);
}

export function jsonBooleanField(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new RowError(`${name} ${describe(value)} is not a boolean`);
  }
  return value;
}

export function isBooleanText(text: string | undefined): boolean {
  return text === 'true' || text === 'True' || text === 'false' || text === 'False';
}

export function isIntegerText(text: string | undefined): boolean {
  return text !== undefined && INTEGER.test(text);
}

// Epoch timestamps by magnitude: milliseconds have at most 13 digits until the
// year 2286; data.binance.vision writes spot files from 2025-01-01 on in
// microseconds (16 digits), and Binance's streams can be asked for
// microseconds too. 14 and 15 digits, or more than 16, are neither.
const MS_LIMIT = 1e13;
const MICROS_FLOOR = 1e15;
const MICROS_LIMIT = 1e16;

/**
 * Converts a trade timestamp in milliseconds or microseconds to milliseconds.
 * Microseconds are truncated, which keeps every trade in the candle its
 * microsecond time falls in, since candle boundaries are whole milliseconds.
 */
export function timestampToMs(name: string, value: number): number {
  if (value < MS_LIMIT) return value;
  if (value >= MICROS_FLOOR && value < MICROS_LIMIT) return Math.floor(value / 1000);
  throw new RowError(`${name} ${value} is neither epoch milliseconds (13 digits) nor microseconds (16 digits)`);
}

function safeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RowError(`${name} ${value} is not a non-negative integer below 2^53`);
  }
  return value;
}

function quote(text: string | undefined): string {
  if (text === undefined) return '(missing)';
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
