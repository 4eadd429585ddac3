// Field validators shared by the Trade and Candle checks. Each throws a
// SerdeError naming the message type and protobuf field, so a dead-lettered
// payload says exactly what was wrong with it.
import { isCanonicalDecimal, isZeroDecimal } from './decimal.js';
import { SerdeError, quoteValue } from './errors.js';

/** Lower-case exchange ids such as "binance" or "binance-us". */
const EXCHANGE = /^[a-z][a-z0-9_.-]{0,31}$/;

/**
 * Symbols as exchanges write them: 1 to 32 characters, no lower-case ASCII,
 * whitespace, control characters or ":" (the Kafka key is "exchange:SYMBOL").
 * Not ASCII-only: Binance lists symbols with Chinese characters.
 */
const SYMBOL = /^[^\s:a-z\p{C}]{1,32}$/u;

export class FieldChecks {
  constructor(private readonly messageType: string) {}

  fail(field: string, reason: string): never {
    throw new SerdeError('invalid-field', this.messageType, field, reason);
  }

  exchange(field: string, value: string): void {
    if (!EXCHANGE.test(value)) this.fail(field, `${quoteValue(value)} is not a lower-case exchange id`);
  }

  symbol(field: string, value: string): void {
    if (!SYMBOL.test(value)) this.fail(field, `${quoteValue(value)} is not an exchange symbol`);
  }

  /** A canonical non-negative decimal string; `positive` also rejects zero. */
  decimal(field: string, value: string, options: { positive?: boolean } = {}): void {
    if (!isCanonicalDecimal(value)) this.fail(field, `${quoteValue(value)} is not a plain non-negative decimal`);
    if (options.positive && isZeroDecimal(value)) this.fail(field, `${quoteValue(value)} must be greater than zero`);
  }

  /** An int64 that must be a safe integer (exact as a JS number) of at least `min`; returns it as a number. */
  integer(field: string, value: bigint, min: number): number {
    if (value < BigInt(min)) this.fail(field, `${value} is below ${min}`);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(field, `${value} exceeds 2^53 - 1`);
    return Number(value);
  }
}

/** A domain number as int64, rejecting fractions and unsafe values that BigInt() would mangle or throw on. */
export function toInt64(messageType: string, field: string, value: number): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new SerdeError('invalid-field', messageType, field, `${value} is not a safe integer`);
  }
  return BigInt(value);
}
