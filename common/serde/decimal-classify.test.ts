import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDecimal, isCanonicalDecimal, isZeroDecimal } from './decimal.js';

// classifyDecimal is the one-pass form of isCanonicalDecimal and
// isZeroDecimal (the definitions): it must agree with them on every string.

const expected = (text: string) => (!isCanonicalDecimal(text) ? 'not-canonical' : isZeroDecimal(text) ? 'zero' : 'positive');

/** Strings made of the chars decimals are made of, and of a few that look like them. */
const decimalish = fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', 'e', ' ', '５'), maxLength: 70 });

/** Canonical decimals of any size and scale, built from digits. */
const canonicalDecimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  });

describe('classifyDecimal', () => {
  it.each(['', '0', '0.0', '00', '0.', '.0', '1.', '10', '01', '0.00102300', '1.2.3', '1'.repeat(64), '1'.repeat(65), '0x1'])('agrees with the definitions on %j', (text) => {
    expect(classifyDecimal(text)).toBe(expected(text));
  });

  it('agrees with isCanonicalDecimal and isZeroDecimal on any string', () => {
    fc.assert(fc.property(fc.oneof(decimalish, fc.string(), canonicalDecimal), (text) => classifyDecimal(text) === expected(text)), { numRuns: 20_000 });
  });
});
