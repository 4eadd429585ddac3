// The one canonical written form of a non-negative decimal, shared by
// everything that checks decimal strings at an edge (serde, snapshots).
import { MAX_DECIMAL_TEXT_LENGTH } from './decimal.js';

const ZERO = 48;
const NINE = 57;
const POINT = 46;

/**
 * Whether `text` is a canonical non-negative decimal: digits, optionally a
 * point and at least one more digit; no sign, exponent, spaces or
 * superfluous leading zero ("0.5", "150", "0.00102300" yes; "00.5", ".5",
 * "5.", "1e5", "-1", "" no). Trailing fraction zeros are allowed because
 * Binance writes "0.00102300". At most `maxLength` characters.
 */
export function isCanonicalDecimal(text: string, maxLength = MAX_DECIMAL_TEXT_LENGTH): boolean {
  const length = text.length;
  if (length === 0 || length > maxLength) return false;
  const first = text.charCodeAt(0);
  if (first < ZERO || first > NINE) return false;
  let i = 1;
  // A leading zero is the whole integer part.
  if (first !== ZERO) while (i < length && isDigit(text.charCodeAt(i))) i++;
  if (i === length) return true;
  if (text.charCodeAt(i) !== POINT || i === length - 1) return false;
  for (i += 1; i < length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}
