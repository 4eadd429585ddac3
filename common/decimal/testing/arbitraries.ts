// fast-check generators shared by the decimal and candle tests (test support
// only: excluded from the build like every testing/ folder).
import fc from 'fast-check';

/**
 * Non-negative decimal strings the fast fixed-point path holds: below 10^15,
 * at most 8 significant fraction digits, sometimes with extra trailing zeros
 * as Binance writes them ("0.00102300").
 */
export const fixedText: fc.Arbitrary<string> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 23n - 1n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale, extraZeros]) => {
    const value = units % 10n ** BigInt(15 + scale);
    const digits = value.toString().padStart(scale + 1, '0');
    if (scale === 0) return extraZeros > 0 ? `${digits}.${'0'.repeat(extraZeros)}` : digits;
    return `${digits.slice(0, -scale)}.${digits.slice(-scale)}${'0'.repeat(extraZeros)}`;
  });

/** A Binance-style 8-decimal string of a value in [0, max), written with all 8 decimals. */
export function eightDecimals(maxUnits: bigint): fc.Arbitrary<string> {
  return fc.bigInt({ min: 0n, max: maxUnits - 1n }).map((units) => {
    const digits = units.toString().padStart(9, '0');
    return `${digits.slice(0, -8)}.${digits.slice(-8)}`;
  });
}
