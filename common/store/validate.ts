// Guards the write path: a candle the database would reject (or, worse,
// accept wrongly: NUMERIC takes 'NaN' and 'Infinity') is refused before any
// row is written, with a message naming the candle and the field.
import type { Candle } from './domain.js';
import { INTERVALS } from './domain.js';
import { StoreError } from './errors.js';
import { MAX_TIME_MS } from './sql/time.js';

/** A plain decimal: optional minus, digits, optional fraction. No exponent, NaN or Infinity. */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** Far beyond any price or volume; keeps one bad value from becoming a megabyte of SQL. */
const MAX_DECIMAL_LENGTH = 200;
/** Exchange and symbol: printable, no control characters (PostgreSQL text cannot hold NUL). */
const NAME = /^[^\p{C}]{1,64}$/u;
const MAX_REVISION = 2_147_483_647;
const KNOWN_INTERVALS: ReadonlySet<string> = new Set(INTERVALS);

export function validateCandles(candles: readonly Candle[]): void {
  // Names repeat across a batch; each distinct one is checked once.
  const goodNames = new Set<string>();
  for (const candle of candles) validateCandle(candle, goodNames);
}

export function validateCandle(candle: Candle, goodNames: Set<string> = new Set()): void {
  if (!isName(candle.exchange, goodNames)) invalid(candle, 'exchange', 'must be 1..64 printable characters');
  if (!isName(candle.symbol, goodNames)) invalid(candle, 'symbol', 'must be 1..64 printable characters');
  if (!KNOWN_INTERVALS.has(candle.interval)) invalid(candle, 'interval', `${JSON.stringify(candle.interval)} is not a Binance interval`);
  if (!isInteger(candle.openTime, 0) || candle.openTime >= MAX_TIME_MS) {
    invalid(candle, 'openTime', 'must be an integer of milliseconds from 1970 to 2199');
  }
  if (!isInteger(candle.closeTime, candle.openTime + 1) || candle.closeTime > MAX_TIME_MS) {
    invalid(candle, 'closeTime', 'must be an integer after openTime, before 2200');
  }
  checkDecimal(candle, 'open', candle.open);
  checkDecimal(candle, 'high', candle.high);
  checkDecimal(candle, 'low', candle.low);
  checkDecimal(candle, 'close', candle.close);
  checkDecimal(candle, 'volume', candle.volume);
  checkDecimal(candle, 'quoteVolume', candle.quoteVolume);
  checkDecimal(candle, 'takerBuyVolume', candle.takerBuyVolume);
  checkDecimal(candle, 'takerBuyQuoteVolume', candle.takerBuyQuoteVolume);
  if (!isInteger(candle.tradeCount, 0)) invalid(candle, 'tradeCount', 'must be a non-negative integer');
  if (!isInteger(candle.firstTradeId, -1)) invalid(candle, 'firstTradeId', 'must be an integer >= -1');
  if (!isInteger(candle.lastTradeId, -1)) invalid(candle, 'lastTradeId', 'must be an integer >= -1');
  if (!isInteger(candle.revision, 0) || candle.revision > MAX_REVISION) invalid(candle, 'revision', 'must be an integer 0..2147483647');
  if (typeof candle.closed !== 'boolean') invalid(candle, 'closed', 'must be a boolean');
}

function checkDecimal(candle: Candle, field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length > MAX_DECIMAL_LENGTH || !DECIMAL.test(value)) {
    invalid(candle, field, `${JSON.stringify(value)?.slice(0, 80)} is not a plain decimal string`);
  }
}

function invalid(candle: Candle, field: string, problem: string): never {
  throw new StoreError('INVALID_CANDLE', `candle ${describe(candle)}: ${field} ${problem}`);
}

function isName(value: unknown, goodNames: Set<string>): boolean {
  if (typeof value !== 'string') return false;
  if (goodNames.has(value)) return true;
  if (!NAME.test(value)) return false;
  goodNames.add(value);
  return true;
}

function isInteger(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function describe(candle: Candle): string {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 64) : String(value));
  return `${text(candle.exchange)} ${text(candle.symbol)} ${text(candle.interval)} ${text(candle.openTime)}`;
}
