// The hot-path decimal: a non-negative value with at most 8 significant
// fraction digits (Binance's maximum for any price or quantity) and an
// integer part below 10^15, held as plain JS numbers that are always exact
// integers:
//
//   value = int + frac / 10^8,   frac = fracHigh * 10^4 + fracLow
//
// Parsing fills a caller-owned FixedDecimal instead of returning a new
// object, so the candle engine parses each trade with no allocation. Every
// number here stays below 2^53, so no arithmetic on it ever rounds; values
// outside that range are refused with a DecimalError rather than
// approximated.
import { DecimalError, quoteText } from './errors.js';

/** Fraction digits the fixed-point form holds. */
export const FIXED_FRACTION_DIGITS = 8;
/** 10^8: one unit of the integer part in fraction units. */
export const FRACTION_UNIT = 100_000_000;
/** Integer parts must stay below this (15 digits), far under 2^52. */
export const MAX_FIXED_INTEGER = 1e15;

/** A parsed decimal, reused from trade to trade. */
export class FixedDecimal {
  /** Integer part. */
  int = 0;
  /** Fraction in units of 10^-8, 0 <= frac < 10^8. */
  frac = 0;
  /** First four fraction digits (frac = fracHigh * 10^4 + fracLow). */
  fracHigh = 0;
  /** Fraction digits 5 to 8. */
  fracLow = 0;
  /** Fraction digits as written, trailing zeros included, at most 8. */
  scale = 0;
  /**
   * Fraction digits as written, uncapped ("1.0000000000" -> 10); -1 when the
   * text is not canonical (a superfluous leading zero, "007.5"), so a
   * formatter knows whether it can reuse the text as it is.
   */
  textScale = 0;

  copyFrom(other: FixedDecimal): void {
    this.int = other.int;
    this.frac = other.frac;
    this.fracHigh = other.fracHigh;
    this.fracLow = other.fracLow;
    this.scale = other.scale;
    this.textScale = other.textScale;
  }
}

// 10^(8 - digits): scales a fraction read with `digits` digits to 10^-8 units.
const FRACTION_SCALE = [1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];
/** Integer digits the fixed-point form holds: MAX_FIXED_INTEGER = 10^15. */
const MAX_INTEGER_DIGITS = 15;

/**
 * Parses a non-negative decimal string such as "0.00102300", "12.5" or
 * "150" into `into`. Fraction digits past the eighth must be zeros
 * ("1.0000000000" is fine, "0.000000001" is out of range). Throws a
 * DecimalError naming the text (and `field`, when given) otherwise.
 */
export function parseFixed(text: string, into: FixedDecimal, field?: string): void {
  if (!tryParseFixed(text, into)) parseStrict(text, into, field);
}

/**
 * The hot-path parse: no error objects, no messages. Fills `into` and
 * returns true for digits with an optional point and 1 to 8 fraction digits,
 * at most 15 integer digits; anything else returns false with `into`
 * untouched, and parseFixed (the authority) then parses the rarer forms
 * it also accepts, such as zeros past the eighth decimal, or throws. Where
 * both accept a text they give the same result (fixed.test.ts checks it).
 */
export function tryParseFixed(text: string, into: FixedDecimal): boolean {
  const point = text.length - 9;
  // Binance writes every spot decimal with exactly 8 decimals: the fraction is unrolled.
  if (point > 0 && point <= MAX_INTEGER_DIGITS && text.charCodeAt(point) === 46) {
    // One unsigned compare rejects everything below '0' (negative wraps to huge) and above '9'.
    let int = text.charCodeAt(0) - 48;
    if (int >>> 0 > 9) return false;
    // "007.5" is legal but not canonical: read off the first digit instead of a second charCodeAt.
    const textScale = int === 0 && point > 1 ? -1 : 8;
    for (let i = 1; i < point; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit >>> 0 > 9) return false;
      int = int * 10 + digit;
    }
    const d1 = text.charCodeAt(point + 1) - 48;
    const d2 = text.charCodeAt(point + 2) - 48;
    const d3 = text.charCodeAt(point + 3) - 48;
    const d4 = text.charCodeAt(point + 4) - 48;
    const d5 = text.charCodeAt(point + 5) - 48;
    const d6 = text.charCodeAt(point + 6) - 48;
    const d7 = text.charCodeAt(point + 7) - 48;
    const d8 = text.charCodeAt(point + 8) - 48;
    if (d1 >>> 0 > 9 || d2 >>> 0 > 9 || d3 >>> 0 > 9 || d4 >>> 0 > 9 || d5 >>> 0 > 9 || d6 >>> 0 > 9 || d7 >>> 0 > 9 || d8 >>> 0 > 9) return false;
    // Sums of independent products rather than a Horner chain: shorter dependency chains.
    const high = d1 * 1000 + d2 * 100 + (d3 * 10 + d4);
    const low = d5 * 1000 + d6 * 100 + (d7 * 10 + d8);
    into.int = int;
    into.frac = high * 10_000 + low;
    into.fracHigh = high;
    into.fracLow = low;
    into.scale = 8;
    into.textScale = textScale;
    return true;
  }
  return tryParseAnyScale(text, into);
}

/** tryParseFixed for 0 to 7 fraction digits (futures, trimmed CSVs) and whole numbers. */
function tryParseAnyScale(text: string, into: FixedDecimal): boolean {
  const length = text.length;
  let int = 0;
  let point = 0;
  for (; point < length; point++) {
    const digit = text.charCodeAt(point) - 48;
    if (digit === -2) break; // '.'
    if (digit >>> 0 > 9) return false;
    int = int * 10 + digit;
  }
  if (point === 0 || point > MAX_INTEGER_DIGITS) return false;
  // -1 without a point; 0 for "5." (malformed) and more than 8 for parseFixed's trailing zeros.
  const digits = length - point - 1;
  if (digits === 0 || digits > FIXED_FRACTION_DIGITS) return false;
  let frac = 0;
  for (let i = point + 1; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit >>> 0 > 9) return false;
    frac = frac * 10 + digit;
  }
  const scale = digits < 0 ? 0 : digits;
  frac *= FRACTION_SCALE[scale] as number;
  const fracHigh = (frac / 10_000) | 0; // frac < 2^31, so | 0 is an exact floor
  into.int = int;
  into.frac = frac;
  into.fracHigh = fracHigh;
  into.fracLow = frac - fracHigh * 10_000;
  into.scale = scale;
  into.textScale = hasLeadingZero(text, point) ? -1 : scale;
  return true;
}

/** Every form parseFixed accepts, with an error naming the text for the others. */
function parseStrict(text: string, into: FixedDecimal, field: string | undefined): void {
  const length = text.length;
  let point = 0;
  while (point < length && text.charCodeAt(point) !== 46) point++;
  const int = parseInteger(text, point, field);
  let frac = 0;
  let digits = 0;
  if (point < length) {
    if (point === length - 1) throw malformed(text, field); // "5."
    for (let i = point + 1; i < length; i++) {
      const digit = digitAt(text, i, field);
      if (digits < FIXED_FRACTION_DIGITS) frac = frac * 10 + digit;
      else if (digit !== 0) throw tooPrecise(text, field);
      digits++;
    }
  }
  frac *= FRACTION_SCALE[digits < FIXED_FRACTION_DIGITS ? digits : FIXED_FRACTION_DIGITS] as number;
  const fracHigh = (frac / 10_000) | 0; // frac < 2^31, so | 0 is an exact floor
  into.int = int;
  into.frac = frac;
  into.fracHigh = fracHigh;
  into.fracLow = frac - fracHigh * 10_000;
  into.scale = digits < FIXED_FRACTION_DIGITS ? digits : FIXED_FRACTION_DIGITS;
  into.textScale = hasLeadingZero(text, point) ? -1 : digits;
}

/** "007.5" is legal but not how the value is normally written. */
function hasLeadingZero(text: string, integerDigits: number): boolean {
  return integerDigits > 1 && text.charCodeAt(0) === 48;
}

/** The integer text[0..end), at least one digit and below 10^15. */
function parseInteger(text: string, end: number, field: string | undefined): number {
  if (end === 0) throw malformed(text, field);
  let int = 0;
  for (let i = 0; i < end; i++) int = int * 10 + digitAt(text, i, field);
  if (int >= MAX_FIXED_INTEGER) throw tooLarge(text, field);
  return int;
}

function digitAt(text: string, index: number, field: string | undefined): number {
  const digit = text.charCodeAt(index) - 48;
  if (digit >>> 0 > 9) throw malformed(text, field);
  return digit;
}

/** Orders two fixed decimals by value: negative, zero or positive. */
export function compareFixed(aInt: number, aFrac: number, bInt: number, bFrac: number): number {
  return aInt !== bInt ? aInt - bInt : aFrac - bFrac;
}

/** Fraction digits written in a decimal string: "0.00102300" -> 8, "150" -> 0. */
export function writtenScale(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * Formats int + frac / 10^8 with exactly `scale` fraction digits. The
 * caller guarantees the value has no non-zero digit past `scale` when
 * scale < 8 (true for a price formatted at the scale its symbol is quoted in).
 */
export function formatFixed(int: number, frac: number, scale: number): string {
  if (scale === 0) return String(int);
  const fraction = eightDigits(frac);
  if (scale <= FIXED_FRACTION_DIGITS) return `${int}.${fraction.slice(0, scale)}`;
  return `${int}.${fraction}${'0'.repeat(scale - FIXED_FRACTION_DIGITS)}`;
}

const ZEROS = '0000000000000000';

/** "0000" to "9999": formatting joins table strings instead of converting numbers (measurably faster). */
const FOUR_DIGITS: readonly string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

/** A non-negative integer below 10^width as exactly `width` digits. */
export function padDigits(value: number, width: number): string {
  if (width === 8) return eightDigits(value);
  if (width === 4) return FOUR_DIGITS[value] as string;
  const digits = String(value);
  return digits.length >= width ? digits : ZEROS.slice(0, width - digits.length) + digits;
}

/** An integer in [0, 10^8) as exactly 8 digits. */
export function eightDigits(value: number): string {
  const high = Math.floor(value / 10_000);
  return (FOUR_DIGITS[high] as string) + (FOUR_DIGITS[value - high * 10_000] as string);
}

function named(text: string, field: string | undefined): string {
  return field === undefined ? quoteText(text) : `${field} ${quoteText(text)}`;
}

function malformed(text: string, field: string | undefined): DecimalError {
  return new DecimalError('malformed', `${named(text, field)} is not a decimal: expected digits with an optional point and more digits`);
}

function tooLarge(text: string, field: string | undefined): DecimalError {
  return new DecimalError('out-of-range', `${named(text, field)} is too large: the integer part must have at most 15 digits`);
}

function tooPrecise(text: string, field: string | undefined): DecimalError {
  return new DecimalError('out-of-range', `${named(text, field)} has more than ${FIXED_FRACTION_DIGITS} significant decimal places`);
}
