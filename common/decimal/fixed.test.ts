import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal as RefDecimal } from 'decimal.js';
import { FixedDecimal, compareFixed, formatFixed, parseFixed, writtenScale } from './fixed.js';
import { DecimalError } from './errors.js';
import { fixedText } from './testing/arbitraries.js';

const Ref = RefDecimal.clone({ precision: 200 });

function parsed(text: string): FixedDecimal {
  const value = new FixedDecimal();
  parseFixed(text, value);
  return value;
}

describe('parseFixed', () => {
  it('splits Binance strings into exact integer limbs', () => {
    const price = parsed('0.00102300');
    expect([price.int, price.frac, price.fracHigh, price.fracLow, price.scale]).toEqual([0, 102300, 10, 2300, 8]);
    const quantity = parsed('12.5');
    expect([quantity.int, quantity.frac, quantity.scale]).toEqual([12, 50_000_000, 1]);
    const whole = parsed('150');
    expect([whole.int, whole.frac, whole.scale]).toEqual([150, 0, 0]);
    expect(parsed('999999999999999.99999999').int).toBe(999_999_999_999_999);
    expect(parsed('1.0000000000').scale).toBe(8);
  });

  it('matches decimal.js on every value it accepts', () => {
    fc.assert(
      fc.property(fixedText, (text) => {
        const value = parsed(text);
        const rebuilt = new Ref(value.int).plus(new Ref(value.frac).div(1e8));
        expect(rebuilt.eq(new Ref(text))).toBe(true);
        expect(value.fracHigh * 10_000 + value.fracLow).toBe(value.frac);
        expect(value.scale).toBe(Math.min(writtenScale(text), 8));
      }),
    );
  });

  it.each(['', '-1', '+1', '.5', '5.', '1e5', ' 1', '1 ', '1.2.3', 'abc', '1,5', '0x1'])('rejects malformed %j', (text) => {
    expect(() => parsed(text)).toThrow(DecimalError);
    try {
      parsed(text);
    } catch (error) {
      expect((error as DecimalError).code).toBe('malformed');
      expect((error as DecimalError).message).toContain(JSON.stringify(text));
    }
  });

  it('refuses values outside the fixed-point range instead of rounding them', () => {
    expect(() => parsed('0.000000001')).toThrow(/more than 8 significant decimal places/);
    expect(() => parsed('1000000000000000')).toThrow(/at most 15 digits/);
    expect(() => parsed('9'.repeat(400))).toThrow(/at most 15 digits/);
    for (const text of ['0.000000001', '1000000000000000']) {
      try {
        parsed(text);
      } catch (error) {
        expect((error as DecimalError).code).toBe('out-of-range');
      }
    }
  });
});

describe('compareFixed and formatFixed', () => {
  it('orders like decimal.js', () => {
    fc.assert(
      fc.property(fixedText, fixedText, (a, b) => {
        const x = parsed(a);
        const y = parsed(b);
        expect(Math.sign(compareFixed(x.int, x.frac, y.int, y.frac))).toBe(new Ref(a).cmp(b));
      }),
    );
  });

  it('formats at the written scale back to the canonical text', () => {
    fc.assert(
      fc.property(fixedText, (text) => {
        const value = parsed(text);
        expect(formatFixed(value.int, value.frac, value.scale)).toBe(new Ref(text).toFixed(value.scale));
        expect(formatFixed(value.int, value.frac, 12)).toBe(new Ref(text).toFixed(12));
      }),
    );
  });
});
