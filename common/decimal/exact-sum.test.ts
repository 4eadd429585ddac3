import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal as RefDecimal } from 'decimal.js';
import { DecimalError } from './errors.js';
import { ExactSum, formatUnits16 } from './exact-sum.js';
import { FixedDecimal, parseFixed } from './fixed.js';
import { eightDecimals, fixedText } from './testing/arbitraries.js';

const Ref = RefDecimal.clone({ precision: 400 });

function parsed(text: string): FixedDecimal {
  const value = new FixedDecimal();
  parseFixed(text, value);
  return value;
}

/** Sums quantities and price x quantity the way the engine does, and with decimal.js. */
function sumBoth(trades: readonly (readonly [string, string])[]): { volume: ExactSum; quote: ExactSum; refVolume: RefDecimal; refQuote: RefDecimal } {
  const volume = new ExactSum();
  const quote = new ExactSum();
  const product = new ExactSum();
  let refVolume = new Ref(0);
  let refQuote = new Ref(0);
  for (const [priceText, quantityText] of trades) {
    const price = parsed(priceText);
    const quantity = parsed(quantityText);
    volume.addFixed(quantity);
    product.setProduct(price, quantity);
    quote.add(product);
    refVolume = refVolume.plus(quantityText);
    refQuote = refQuote.plus(new Ref(priceText).times(quantityText));
  }
  return { volume, quote, refVolume, refQuote };
}

describe('ExactSum', () => {
  it('sums quantities and products exactly for any fast-path values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fixedText, fixedText), { maxLength: 40 }), (trades) => {
        const { volume, quote, refVolume, refQuote } = sumBoth(trades);
        expect(volume.format(8)).toBe(refVolume.toFixed(8));
        expect(quote.format(16)).toBe(refQuote.toFixed(16));
        expect(quote.toUnits16()).toBe(BigInt(refQuote.times('1e16').toFixed(0)));
      }),
    );
  });

  it('stays exact past 2^53 in the smallest unit: many huge 8-decimal trades', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(eightDecimals(10n ** 15n), eightDecimals(10n ** 23n)), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 2000 }),
        (trades, repeat) => {
          const many = Array.from({ length: repeat }, () => trades).flat();
          const { volume, quote, refVolume, refQuote } = sumBoth(many);
          expect(volume.format(8)).toBe(refVolume.toFixed(8));
          expect(quote.format(8)).toBe(refQuote.toFixed(Math.max(8, refQuote.decimalPlaces())));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('sums a coin priced 0.00000123 trading 10^11 units a minute for a year', () => {
    const trades: [string, string][] = Array.from({ length: 525_600 }, () => ['0.00000123', '100000000000.00000001']);
    const { volume, quote, refVolume, refQuote } = sumBoth(trades);
    expect(volume.format(8)).toBe(refVolume.toFixed(8));
    expect(volume.format(8)).toBe('52560000000000000.00525600');
    expect(quote.format(8)).toBe(refQuote.toFixed(refQuote.decimalPlaces()));
  });

  it('merges sums and keeps trailing digits past the minimum scale', () => {
    const a = new ExactSum();
    a.setProduct(parsed('0.00001'), parsed('0.0001'));
    expect(a.format(8)).toBe('0.000000001');
    const b = new ExactSum();
    b.addFixed(parsed('2.5'));
    b.add(a);
    expect(b.format(0)).toBe('2.500000001');
    expect(b.format(12)).toBe('2.500000001000');
    expect(new ExactSum().format(8)).toBe('0.00000000');
    expect(new ExactSum().format(0)).toBe('0');
    expect(new ExactSum().isZero()).toBe(true);
  });

  it('formats bigint units at any size', () => {
    expect(formatUnits16(123n, 8)).toBe('0.0000000000000123');
    expect(formatUnits16(10n ** 40n, 2)).toBe(`${'1'.padEnd(25, '0')}.00`);
  });

  it('setText reads back what format wrote: the same value, and sums on exactly from there', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eightDecimals(10n ** 15n), eightDecimals(10n ** 23n)), { maxLength: 20 }), fc.array(fc.tuple(fixedText, fixedText), { maxLength: 5 }), (before, after) => {
        const { quote } = sumBoth(before);
        const restored = new ExactSum();
        restored.setText(quote.format(0));
        expect(restored.toUnits16()).toBe(quote.toUnits16());
        const more = sumBoth(after).quote;
        quote.add(more);
        restored.add(more);
        expect(restored.format(8)).toBe(quote.format(8));
        expect(restored.toUnits16()).toBe(quote.toUnits16());
      }),
      { numRuns: 200 },
    );
  });

  it('setText refuses what is not a canonical decimal with at most 16 fraction digits', () => {
    for (const text of ['', '-1', '1e5', '.5', '01', '0.00000000000000001']) expect(() => new ExactSum().setText(text), text).toThrow(DecimalError);
    const sum = new ExactSum();
    sum.setText('12.0000000000000001');
    expect(sum.format(0)).toBe('12.0000000000000001');
  });
});
