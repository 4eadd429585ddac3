import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal as RefDecimal } from 'decimal.js';
import { Decimal } from './decimal.js';
import { DecimalError } from './errors.js';

// decimal.js with enough precision that nothing in these tests rounds.
const Ref = RefDecimal.clone({ precision: 2000 });

/** Decimal strings with up to 30 integer digits and 20 fraction digits, trailing zeros included. */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 50n }), fc.integer({ min: 0, max: 20 }))
  .map(([negative, units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  });

describe('Decimal.parse', () => {
  it('keeps the written scale', () => {
    const value = Decimal.parse('0.00102300');
    expect(value.coefficient).toBe(102300n);
    expect(value.scale).toBe(8);
    expect(Decimal.parse('150').scale).toBe(0);
    expect(Decimal.parse('-12.5').coefficient).toBe(-125n);
  });

  it.each(['', '-', '.5', '5.', '1e5', '+1', ' 1', '1 ', '1.2.3', 'abc', '0x10', '1,5', '--1', 'NaN', 'Infinity'])(
    'rejects %j with a DecimalError that quotes it',
    (text) => {
      expect(() => Decimal.parse(text)).toThrow(DecimalError);
      try {
        Decimal.parse(text);
      } catch (error) {
        expect((error as DecimalError).code).toBe('malformed');
        expect((error as DecimalError).message).toContain(JSON.stringify(text));
      }
    },
  );

  it('rejects absurdly long text', () => {
    expect(() => Decimal.parse('1'.repeat(1001))).toThrow(/too long/);
  });
});

describe('Decimal arithmetic against decimal.js', () => {
  it('parses and prints every decimal back to the same value', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const value = Decimal.parse(text);
        expect(new Ref(value.toString()).eq(new Ref(text))).toBe(true);
        expect(value.format(value.scale)).toBe(new Ref(text).toFixed(value.scale));
      }),
    );
  });

  it('adds, subtracts, multiplies and compares exactly', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = Decimal.parse(a);
        const y = Decimal.parse(b);
        expect(x.add(y).toString()).toBe(canonical(new Ref(a).plus(b)));
        expect(x.sub(y).toString()).toBe(canonical(new Ref(a).minus(b)));
        expect(x.mul(y).toString()).toBe(canonical(new Ref(a).times(b)));
        expect(x.cmp(y)).toBe(new Ref(a).cmp(b));
        expect(x.eq(y)).toBe(new Ref(a).eq(b));
      }),
    );
  });

  it('sums beyond 2^53 smallest units exactly: 10^11 units of a coin at 0.00000123, every minute for a year', () => {
    const price = Decimal.parse('0.00000123');
    const quantity = Decimal.parse('100000000000.12345678');
    let total = Decimal.ZERO;
    let reference = new Ref(0);
    for (let minute = 0; minute < 525_600; minute += 997) {
      total = total.add(price.mul(quantity));
      reference = reference.plus(new Ref('0.00000123').times('100000000000.12345678'));
    }
    expect(total.toString()).toBe(canonical(reference));
  });
});

describe('Decimal.format', () => {
  it('pads to the minimum scale and never rounds', () => {
    expect(Decimal.parse('12.5').format(8)).toBe('12.50000000');
    expect(Decimal.parse('0.000000001').format(8)).toBe('0.000000001');
    expect(Decimal.parse('150').format(0)).toBe('150');
    expect(Decimal.parse('-0.5').format(2)).toBe('-0.50');
    expect(Decimal.parse('1.2300').toString()).toBe('1.23');
  });

  it('rejects a negative scale', () => {
    expect(() => Decimal.parse('1').format(-1)).toThrow(DecimalError);
    expect(() => Decimal.fromScaled(1n, -2)).toThrow(DecimalError);
  });

  it('refuses to drop non-zero digits when rescaling', () => {
    expect(Decimal.parse('1.25').scaledTo(4)).toBe(12500n);
    expect(Decimal.parse('1.20').scaledTo(1)).toBe(12n);
    expect(() => Decimal.parse('1.25').scaledTo(1)).toThrow(/without rounding/);
  });
});

/** decimal.js's shortest plain (non-exponent) form, as Decimal.toString() writes it. */
function canonical(value: RefDecimal): string {
  const fixed = value.toFixed();
  return fixed === '-0' ? '0' : fixed;
}
