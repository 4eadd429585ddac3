// Integer arithmetic for derived values: a value v at `digits` fraction
// digits is the bigint round(v * 10^digits). Divisions round half to even,
// exactly; nothing here touches a float.
import { pow10 } from '../../../common/decimal/index.js';

/** numerator / denominator rounded half to even to an integer; denominator > 0. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  // Truncation went toward zero: step away from zero when past the half, or at the half when odd.
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = twice > denominator || (twice === denominator && quotient % 2n !== 0n);
  if (!away) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** numerator / denominator at `digits` fraction digits, rounded half to even (exact). */
export function ratioAt(numerator: bigint, denominator: bigint, digits: number): bigint {
  if (denominator < 0n) return ratioAt(-numerator, -denominator, digits);
  return divideHalfEven(numerator * pow10(digits), denominator);
}

/** A value held at `from` fraction digits rounded half to even to `to` <= from digits. */
export function rescale(value: bigint, from: number, to: number): bigint {
  return from === to ? value : divideHalfEven(value, pow10(from - to));
}

/** "-0.012300" style: exactly `digits` fraction digits; zero is never negative. */
export function formatAt(value: bigint, digits: number): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** floor(sqrt(value)) for value >= 0 (Newton's method on integers). */
export function isqrt(value: bigint): bigint {
  if (value < 0n) throw new RangeError('isqrt of a negative number');
  if (value < 2n) return value;
  let x = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  for (;;) {
    const next = (x + value / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}
