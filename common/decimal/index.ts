// Exact decimal arithmetic for prices and volumes; see README.md.
export { Decimal, pow10, MAX_DECIMAL_TEXT_LENGTH } from './decimal.js';
export { DecimalError, type DecimalErrorCode } from './errors.js';
export {
  FixedDecimal,
  parseFixed,
  tryParseFixed,
  compareFixed,
  formatFixed,
  writtenScale,
  padDigits,
  eightDigits,
  FIXED_FRACTION_DIGITS,
  FRACTION_UNIT,
  MAX_FIXED_INTEGER,
} from './fixed.js';
export { ExactSum, formatUnits16, SUM_FRACTION_DIGITS } from './exact-sum.js';
export { isCanonicalDecimal } from './canonical.js';
