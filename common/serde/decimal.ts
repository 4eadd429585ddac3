// Exact decimal strings as they travel in wick's protobuf messages. Prices
// and volumes are never parsed into floats: checks and comparisons work on
// the digits. The canonical form is common/decimal's; the serde bounds its
// length tighter and adds what its checks need per message: zero or not in
// the same pass, and comparison without parsing.
import { isCanonicalDecimal as isCanonicalDecimalText } from '../decimal/index.js';

/** Longer strings are no real price or volume; the bound keeps checks cheap. */
export const MAX_DECIMAL_LENGTH = 64;

/**
 * A canonical non-negative decimal of at most MAX_DECIMAL_LENGTH chars:
 * digits, optionally a point and more digits; no sign, exponent, spaces or
 * leading zeros ("0.5" yes; "00.5", ".5", "5.", "1e5", "-1" no). Trailing
 * fractional zeros stay allowed because Binance writes "0.00102300".
 */
export function isCanonicalDecimal(text: string): boolean {
  return isCanonicalDecimalText(text, MAX_DECIMAL_LENGTH);
}

export type DecimalKind = 'not-canonical' | 'zero' | 'positive';

/**
 * isCanonicalDecimal and isZeroDecimal in one pass over the chars, without a
 * regex: the serde checks two decimals on every trade it encodes or decodes.
 * decimal-classify.test.ts holds it to the two definitions.
 */
export function classifyDecimal(text: string): DecimalKind {
  const length = text.length;
  if (length === 0 || length > MAX_DECIMAL_LENGTH) return 'not-canonical';
  const first = text.charCodeAt(0);
  if (!isDigit(first)) return 'not-canonical';
  let positive = first !== ZERO;
  // A leading zero is the whole integer part; otherwise it runs to the first non-digit.
  let i = 1;
  if (positive) while (i < length && isDigit(text.charCodeAt(i))) i++;
  if (i < length) {
    // What follows the integer part can only be a point and at least one digit.
    if (text.charCodeAt(i) !== POINT || i === length - 1) return 'not-canonical';
    for (i += 1; i < length; i++) {
      const code = text.charCodeAt(i);
      if (!isDigit(code)) return 'not-canonical';
      if (code !== ZERO) positive = true;
    }
  }
  return positive ? 'positive' : 'zero';
}

const ZERO = 0x30;
const NINE = 0x39;
const POINT = 0x2e;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** True when a canonical decimal is zero ("0", "0.000"). */
export function isZeroDecimal(text: string): boolean {
  return !/[1-9]/.test(text);
}

/** Compares two canonical decimals exactly: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
  // Walks the chars in place: candle validation compares six pairs per candle, and splitting allocated.
  const aPoint = pointIndex(a);
  const bPoint = pointIndex(b);
  // Canonical integer parts have no leading zeros, so the longer one is larger.
  if (aPoint !== bPoint) return aPoint - bPoint;
  for (let i = 0; i < aPoint; i++) {
    const difference = a.charCodeAt(i) - b.charCodeAt(i);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  // Fraction digits, the shorter fraction padded with zeros.
  const width = Math.max(a.length, b.length) - aPoint;
  for (let i = aPoint + 1; i < aPoint + width; i++) {
    const left = i < a.length ? a.charCodeAt(i) : ZERO;
    const right = i < b.length ? b.charCodeAt(i) : ZERO;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/** Where the point is, or the length when there is none. */
function pointIndex(text: string): number {
  const point = text.indexOf('.');
  return point === -1 ? text.length : point;
}
