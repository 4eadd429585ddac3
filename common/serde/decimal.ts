// Exact decimal strings as they travel in wick's protobuf messages. Prices
// and volumes are never parsed into floats: checks and comparisons work on
// the digits. This is the serde's own validator until the candle engine's
// decimal module exists; the two should then be merged into one.

/**
 * A canonical non-negative decimal: digits, optionally a point and more digits;
 * no sign, exponent, spaces or leading zeros ("0.5" yes; "00.5", ".5", "5.",
 * "1e5", "-1" no). Trailing fractional zeros stay allowed because Binance
 * writes "0.00102300".
 */
const CANONICAL_DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** Longer strings are no real price or volume; the bound keeps checks cheap. */
export const MAX_DECIMAL_LENGTH = 64;

export function isCanonicalDecimal(text: string): boolean {
  return text.length <= MAX_DECIMAL_LENGTH && CANONICAL_DECIMAL.test(text);
}

/** True when a canonical decimal is zero ("0", "0.000"). */
export function isZeroDecimal(text: string): boolean {
  return !/[1-9]/.test(text);
}

/** Compares two canonical decimals exactly: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
  const [aInt = '', aFrac = ''] = a.split('.');
  const [bInt = '', bFrac = ''] = b.split('.');
  // Canonical integer parts have no leading zeros, so the longer one is larger.
  if (aInt.length !== bInt.length) return aInt.length - bInt.length;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(aFrac.length, bFrac.length);
  const left = aFrac.padEnd(width, '0');
  const right = bFrac.padEnd(width, '0');
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
