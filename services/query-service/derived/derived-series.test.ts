import { Decimal as Reference } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DerivedSeriesCalculator, type BarValues, type DerivedRequest } from './derived-series.js';
import { divideHalfEven, formatAt, isqrt } from './fixed-point.js';
import { lnRatio } from './natural-log.js';

const Precise = Reference.clone({ precision: 120, rounding: Reference.ROUND_HALF_EVEN });

const MINUTE = 60_000;
const bar = (index: number, close: string, volume = '2.00000000', quoteVolume = '3.00000000'): BarValues => ({
  openTime: index * MINUTE, closeTime: (index + 1) * MINUTE - 1, close, volume, quoteVolume,
});
const ALL: DerivedRequest = { vwap: true, simpleReturn: true, logReturn: true, volatilityWindow: 2, scale: 12 };

/** decimal.js at 120 significant digits, rounded half to even to `scale` places. */
const reference = (value: Reference.Value, scale: number) => {
  const text = new Precise(value).toFixed(scale, Reference.ROUND_HALF_EVEN);
  // decimal.js writes a negative value rounded to zero as "-0.00"; wick writes "0.00".
  return /^-[0.]+$/.test(text) ? text.slice(1) : text;
};

describe('fixed-point helpers', () => {
  it('rounds half to even, both signs', () => {
    expect([5n, 15n, 25n, -5n, -15n, 14n, 16n, -16n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 0n, -2n, 1n, 2n, -2n]);
  });

  it('formats at a fixed number of digits without a negative zero', () => {
    expect([formatAt(-1230n, 5), formatAt(0n, 3), formatAt(7n, 0), formatAt(-5n, 2)]).toEqual(['-0.01230', '0.000', '7', '-0.05']);
  });

  it('takes exact integer square roots', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 80n }), (value) => {
      const root = isqrt(value);
      return root * root <= value && (root + 1n) * (root + 1n) > value;
    }));
  });
});

describe('lnRatio', () => {
  it('matches decimal.js to the last digit for ratios of prices', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.integer({ min: 0, max: 40 }), (a, b, digits) => {
      const expected = new Precise(a.toString()).div(b.toString()).ln();
      const got = new Precise(lnRatio(a, b, digits).toString()).div(new Precise(10).pow(digits));
      // Within one unit of the last digit (the result is rounded to it).
      return got.sub(expected).abs().lte(new Precise(10).pow(-digits));
    }), { numRuns: 300 });
  });

  it('is exactly zero for equal prices and odd in the ratio', () => {
    expect(lnRatio(123n, 123n, 30)).toBe(0n);
    expect(lnRatio(2n, 3n, 25)).toBe(-lnRatio(3n, 2n, 25));
  });
});

describe('DerivedSeriesCalculator', () => {
  it('computes VWAP and returns from the previous bucket, and volatility once the window is full', () => {
    const calculator = new DerivedSeriesCalculator(ALL);
    const first = calculator.next(bar(0, '100.00000000', '2.00000000', '201.00000000'));
    expect(first).toEqual({ vwap: '100.500000000000' });
    const second = calculator.next(bar(1, '101.00000000', '0.00000000', '0.00000000'));
    expect(second).toEqual({ simpleReturn: '0.010000000000', logReturn: reference(Precise.ln(new Precise('1.01')), 12) });
    const third = calculator.next(bar(2, '99.50000000'));
    const r1 = Precise.ln(new Precise('1.01'));
    const r2 = Precise.ln(new Precise('99.5').div('101'));
    expect(third).toEqual({
      vwap: '1.500000000000',
      simpleReturn: reference(new Precise('99.5').div('101').sub(1), 12),
      logReturn: reference(r2, 12),
      realizedVolatility: reference(r1.pow(2).add(r2.pow(2)).sqrt(), 12),
    });
  });

  it('treats a missing bucket as the end of the series before it', () => {
    const calculator = new DerivedSeriesCalculator(ALL);
    calculator.next(bar(0, '100'));
    calculator.next(bar(1, '101'));
    expect(calculator.next(bar(3, '102'))).toEqual({ vwap: '1.500000000000' });
    expect(calculator.next(bar(4, '103')).realizedVolatility).toBeUndefined();
    expect(calculator.next(bar(5, '104')).realizedVolatility).toBeDefined();
  });

  it('matches decimal.js on random series at any scale up to 30', () => {
    const price = fc.bigInt({ min: 1n, max: 10n ** 14n }).map((units) => new Reference(units.toString()).div(1e8).toFixed(8));
    fc.assert(fc.property(fc.array(price, { minLength: 2, maxLength: 25 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 2, max: 10 }), (closes, scale, window) => {
      const calculator = new DerivedSeriesCalculator({ ...ALL, scale, volatilityWindow: window });
      const logs: Reference[] = [];
      closes.forEach((close, index) => {
        const got = calculator.next(bar(index, close));
        if (index === 0) return;
        const previous = new Precise(closes[index - 1] as string);
        const log = Precise.ln(new Precise(close).div(previous));
        logs.push(log);
        expect(got.simpleReturn).toBe(reference(new Precise(close).div(previous).sub(1), scale));
        expect(got.logReturn).toBe(reference(log, scale));
        const expected = logs.length >= window ? reference(logs.slice(-window).reduce((sum, r) => sum.add(r.pow(2)), new Precise(0)).sqrt(), scale) : undefined;
        expect(got.realizedVolatility).toBe(expected);
      });
    }), { numRuns: 60 });
  });

  it('computes only what was asked for', () => {
    const calculator = new DerivedSeriesCalculator({ vwap: false, simpleReturn: false, logReturn: false, volatilityWindow: 2, scale: 4 });
    calculator.next(bar(0, '1'));
    calculator.next(bar(1, '2'));
    expect(calculator.next(bar(2, '4'))).toEqual({ realizedVolatility: reference(Precise.ln(2).pow(2).mul(2).sqrt(), 4) });
  });
});
