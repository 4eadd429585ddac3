// fast-check arbitraries for what a candle row holds, shared by the tests of
// the raw (field-by-field) reads of both engines.
import fc from 'fast-check';

/** NUMERIC's own output form, so a decimal reads back as written: no leading zeros, no negative zero, scale kept. */
export const numericText = fc.oneof(
  fc.constantFrom('0', '0.00000000', '1', '-0.00000001', '100.00000000', '0.000000000000000000000000000001', `${'9'.repeat(120)}.${'1'.repeat(60)}`),
  fc.stringMatching(/^-?[1-9]\d{0,25}(\.\d{1,30})?$/),
  fc.stringMatching(/^-?0\.\d{0,29}[1-9]$/),
);

/** A trade id: -1 (none) or any safe integer from 0. */
export const tradeId = fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
