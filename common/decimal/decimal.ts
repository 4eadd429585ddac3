// An exact decimal of any size: an integer coefficient (bigint) and a scale,
// value = coefficient / 10^scale. Immutable. This is the general-purpose
// type for code off the per-trade hot path (rollups, queries, tests); the
// candle engine's hot path uses the fixed-point limbs in fixed.ts and
// exact-sum.ts instead, which avoid a bigint per operation.
import { DecimalError, quoteText } from './errors.js';

/** Longest text parse() accepts; no real price or volume comes close. */
export const MAX_DECIMAL_TEXT_LENGTH = 1000;

const POW10: bigint[] = [1n];

/** 10^n as a bigint, cached because every scale alignment needs one. */
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push((POW10[i - 1] as bigint) * 10n);
  return POW10[n] as bigint;
}

export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);

  private constructor(
    /** The value times 10^scale. */
    readonly coefficient: bigint,
    /** Digits after the point; always >= 0. */
    readonly scale: number,
  ) {}

  /**
   * Parses "-12.5", "0.00102300", "150". The grammar is strict: an optional
   * minus, at least one digit, then optionally a point and at least one
   * digit. No plus sign, spaces, exponent or bare point. Trailing zeros are
   * kept in the scale, so "1.50" has scale 2.
   */
  static parse(text: string): Decimal {
    if (text.length === 0 || text.length > MAX_DECIMAL_TEXT_LENGTH) {
      throw new DecimalError('malformed', `${quoteText(text)} is not a decimal: ${text.length === 0 ? 'empty' : 'too long'}`);
    }
    const negative = text.charCodeAt(0) === 45; // '-'
    const body = negative ? text.slice(1) : text;
    const point = body.indexOf('.');
    const integerDigits = point < 0 ? body : body.slice(0, point);
    const fractionDigits = point < 0 ? '' : body.slice(point + 1);
    if (!isDigits(integerDigits) || (point >= 0 && !isDigits(fractionDigits))) {
      throw new DecimalError('malformed', `${quoteText(text)} is not a decimal: expected digits with an optional point and more digits`);
    }
    const magnitude = BigInt(integerDigits + fractionDigits);
    return new Decimal(negative ? -magnitude : magnitude, fractionDigits.length);
  }

  /** The decimal coefficient / 10^scale. */
  static fromScaled(coefficient: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0) {
      throw new DecimalError('invalid-argument', `scale must be a non-negative integer, got ${scale}`);
    }
    return new Decimal(coefficient, scale);
  }

  static fromBigInt(value: bigint): Decimal {
    return new Decimal(value, 0);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.scaledTo(scale) + other.scaledTo(scale), scale);
  }

  sub(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.scaledTo(scale) - other.scaledTo(scale), scale);
  }

  /** Exact product: the scales add up, nothing is rounded. */
  mul(other: Decimal): Decimal {
    return new Decimal(this.coefficient * other.coefficient, this.scale + other.scale);
  }

  neg(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  /** -1, 0 or 1, by value: "1.50" equals "1.5". */
  cmp(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.scaledTo(scale);
    const b = other.scaledTo(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(other: Decimal): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: Decimal): boolean {
    return this.cmp(other) < 0;
  }

  gt(other: Decimal): boolean {
    return this.cmp(other) > 0;
  }

  isZero(): boolean {
    return this.coefficient === 0n;
  }

  isNegative(): boolean {
    return this.coefficient < 0n;
  }

  static max(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) >= 0 ? a : b;
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.cmp(b) <= 0 ? a : b;
  }

  /** The smallest scale that still holds the value exactly (trailing zeros dropped). */
  significantScale(): number {
    let scale = this.scale;
    let coefficient = this.coefficient;
    while (scale > 0 && coefficient % 10n === 0n) {
      coefficient /= 10n;
      scale--;
    }
    return scale;
  }

  /**
   * Formats with at least `minScale` fraction digits, more when the value
   * needs them: never rounds. Binance writes prices and volumes at a fixed
   * scale ("0.00102300"), which is format(8) for spot.
   */
  format(minScale = 0): string {
    if (!Number.isInteger(minScale) || minScale < 0) {
      throw new DecimalError('invalid-argument', `minScale must be a non-negative integer, got ${minScale}`);
    }
    const scale = Math.max(minScale, this.significantScale());
    const units = this.scaledTo(scale);
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const integer = digits.slice(0, digits.length - scale);
    const text = scale === 0 ? integer : `${integer}.${digits.slice(digits.length - scale)}`;
    return negative ? `-${text}` : text;
  }

  /** Shortest exact form: "1.5", "150", "0.001023". */
  toString(): string {
    return this.format(0);
  }

  /** The coefficient at a scale >= this.scale (or any scale that drops only zeros). */
  scaledTo(scale: number): bigint {
    if (scale >= this.scale) return this.coefficient * pow10(scale - this.scale);
    const divisor = pow10(this.scale - scale);
    if (this.coefficient % divisor !== 0n) {
      throw new DecimalError('invalid-argument', `${this.toString()} does not fit scale ${scale} without rounding`);
    }
    return this.coefficient / divisor;
  }
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
