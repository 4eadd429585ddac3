import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DECIMAL_LENGTH, compareDecimals, isCanonicalDecimal, isZeroDecimal } from './decimal.js';

/** Canonical decimals of any size and scale, built from digits so no float is involved. */
const canonicalDecimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  });

describe('isCanonicalDecimal', () => {
  it.each(['0', '0.0', '0.00102300', '1', '64250.01000000', '10', '123456789012345678901234567890.5'])('accepts %s', (text) => {
    expect(isCanonicalDecimal(text)).toBe(true);
  });

  it.each([
    '', '1e5', '1E5', 'abc', '-1', '+1', '-0', '00.5', '01', '.5', '5.', '1.2.3', '1,5', ' 1', '1 ', '0x10',
    'Infinity', 'NaN', '１', '1_000',
  ])('rejects %j', (text) => {
    expect(isCanonicalDecimal(text)).toBe(false);
  });

  it(`rejects strings longer than ${MAX_DECIMAL_LENGTH} characters`, () => {
    expect(isCanonicalDecimal('1'.repeat(MAX_DECIMAL_LENGTH))).toBe(true);
    expect(isCanonicalDecimal('1'.repeat(MAX_DECIMAL_LENGTH + 1))).toBe(false);
  });

  it('accepts every generated canonical decimal', () => {
    fc.assert(fc.property(canonicalDecimal, (text) => isCanonicalDecimal(text)));
  });
});

describe('isZeroDecimal', () => {
  it('is true only for zero values', () => {
    expect(['0', '0.0', '0.00000000'].map(isZeroDecimal)).toEqual([true, true, true]);
    expect(['1', '0.00000001', '10'].map(isZeroDecimal)).toEqual([false, false, false]);
  });
});

describe('compareDecimals', () => {
  it.each([
    ['1', '1.000', 0],
    ['0.1', '0.10', 0],
    ['2', '10', -1],
    ['9.99', '10', -1],
    ['0.00102300', '0.001023', 0],
    ['0.001024', '0.00102300', 1],
    ['100.5', '100.49999', 1],
  ])('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareDecimals(a, b))).toBe(sign);
    expect(Math.sign(compareDecimals(b, a))).toBe(sign === 0 ? 0 : -sign);
  });

  it('agrees with exact decimal arithmetic', () => {
    fc.assert(
      fc.property(canonicalDecimal, canonicalDecimal, (a, b) => {
        expect(Math.sign(compareDecimals(a, b))).toBe(new Decimal(a).comparedTo(new Decimal(b)));
      }),
    );
  });
});
