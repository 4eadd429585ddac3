// The query string of a GET request, read with Binance's rules: a parameter
// given twice is an error (-1101), a symbol must match ^[A-Z0-9-_.]{1,20}$
// (-1100), numbers are digits only (-1100), a missing mandatory parameter
// is -1102, and timestamps may be milliseconds or microseconds (rest-api.md,
// "General API Information").
import { timestampToMs } from '../../../common/recordings/fields.js';
import { apiErrors } from './api-error.js';

const SYMBOL = /^[A-Z0-9\-_.]{1,20}$/;
const DIGITS = /^[0-9]{1,20}$/;

export class QueryParams {
  private constructor(private readonly params: URLSearchParams) {}

  static parse(search: string): QueryParams {
    const params = new URLSearchParams(search);
    const seen = new Set<string>();
    for (const name of params.keys()) {
      if (seen.has(name)) throw apiErrors.duplicateParameter();
      seen.add(name);
    }
    return new QueryParams(params);
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  /** The raw value; undefined when absent. An empty value of an optional parameter is -1105. */
  optional(name: string): string | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    if (value === '') throw apiErrors.empty(name);
    return value;
  }

  required(name: string): string {
    const value = this.params.get(name);
    if (value === null || value === '') throw apiErrors.mandatory(name);
    return value;
  }

  /** A symbol in Binance's spelling (upper case); not checked against the listed symbols. */
  symbol(name = 'symbol'): string {
    const value = this.required(name);
    if (!SYMBOL.test(value)) throw apiErrors.illegalSymbol(name);
    return value;
  }

  /** A non-negative LONG (ids, times). */
  long(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (!DIGITS.test(value)) throw apiErrors.illegalNumber(name);
    const number = Number(value);
    if (!Number.isSafeInteger(number)) throw apiErrors.invalidValue(name);
    return number;
  }

  /** A timestamp in ms or µs, as ms. */
  time(name: string): number | undefined {
    const value = this.long(name);
    if (value === undefined) return undefined;
    try {
      return timestampToMs(name, value);
    } catch {
      throw apiErrors.invalidValue(name);
    }
  }

  /** `limit`: default 500, 1..1000. */
  limit(defaultLimit = 500, maximum = 1000): number {
    const value = this.long('limit');
    if (value === undefined) return defaultLimit;
    if (value < 1 || value > maximum) throw apiErrors.invalidValue('limit');
    return value;
  }
}
