import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalDecimal } from './canonical.js';

/** The definition, as a regex: no leading zero but a lone one, an optional point with at least one digit. */
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;

describe('isCanonicalDecimal', () => {
  it('accepts the canonical forms, trailing fraction zeros included', () => {
    for (const text of ['0', '0.5', '150', '0.00102300', '58001.03000000', '0.0']) expect(isCanonicalDecimal(text), text).toBe(true);
  });

  it('refuses signs, exponents, spaces, bare points and leading zeros', () => {
    for (const text of ['', '-1', '+1', '1e5', ' 1', '1 ', '.5', '5.', '00.5', '01', '1.2.3', '١']) expect(isCanonicalDecimal(text), text).toBe(false);
  });

  it('agrees with the regex definition on any text of digits, points and signs', () => {
    const text = fc.array(fc.constantFrom('0', '1', '9', '.', '-', 'e', ' '), { maxLength: 12 }).map((chars) => chars.join(''));
    fc.assert(fc.property(text, (candidate) => isCanonicalDecimal(candidate) === CANONICAL.test(candidate)), { numRuns: 2000 });
  });

  it('bounds the length', () => {
    expect(isCanonicalDecimal('1'.repeat(64), 64)).toBe(true);
    expect(isCanonicalDecimal('1'.repeat(65), 64)).toBe(false);
  });
});
