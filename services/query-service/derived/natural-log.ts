// ln(a / b) for positive integers a and b, in integer arithmetic: the result
// times 10^digits, with an absolute error below 10^-digits. No float is
// involved, so log returns can be printed to 30 digits.
//
// Method: a / b = m * 2^k with m in [2/3, 4/3), so ln(a/b) = k ln 2 + ln m,
// and ln m = 2 atanh(z) with z = (m - 1) / (m + 1), |z| <= 1/5, summed as
// z + z^3/3 + z^5/5 + ... until the terms vanish. ln 2 = 2 atanh(1/3) is
// cached per precision. The sums run with GUARD extra digits, which absorb
// the truncation of every step (a few units per term, far below 10^GUARD).
import { pow10 } from '../../../common/decimal/index.js';
import { divideHalfEven } from './fixed-point.js';

const GUARD = 10;
const ln2Cache = new Map<number, bigint>();

export function lnRatio(a: bigint, b: bigint, digits: number): bigint {
  if (a <= 0n || b <= 0n) throw new RangeError('ln of a non-positive ratio');
  const working = digits + GUARD;
  const k = binaryExponent(a, b);
  // m = a / (b * 2^k), written as a fraction of integers.
  const numerator = k >= 0 ? a : a << BigInt(-k);
  const denominator = k >= 0 ? b << BigInt(k) : b;
  const lnM = 2n * atanh(numerator - denominator, numerator + denominator, working);
  const result = BigInt(k) * ln2(working) + lnM;
  return divideHalfEven(result, pow10(GUARD));
}

/** k such that a / (b * 2^k) lies in [2/3, 4/3). */
function binaryExponent(a: bigint, b: bigint): number {
  let k = a.toString(2).length - b.toString(2).length;
  const scaled = (exponent: number): [bigint, bigint] => (exponent >= 0 ? [a, b << BigInt(exponent)] : [a << BigInt(-exponent), b]);
  // Now a / (b 2^k) is in [1/2, 2); move it into [2/3, 4/3).
  for (;;) {
    const [n, d] = scaled(k);
    if (3n * n >= 4n * d) k += 1;
    else if (3n * n < 2n * d) k -= 1;
    else return k;
  }
}

/** atanh(p / q) * 10^digits for |p / q| <= 1/3, truncated per term. */
function atanh(p: bigint, q: bigint, digits: number): bigint {
  const one = pow10(digits);
  let power = (p * one) / q;
  const square = (p * p * one) / (q * q);
  let sum = 0n;
  for (let n = 1n; power !== 0n; n += 2n) {
    sum += power / n;
    power = (power * square) / one;
  }
  return sum;
}

function ln2(digits: number): bigint {
  let value = ln2Cache.get(digits);
  if (value === undefined) {
    value = 2n * atanh(1n, 3n, digits);
    ln2Cache.set(digits, value);
  }
  return value;
}
