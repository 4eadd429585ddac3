// Field validators shared by the Trade and Candle checks. Each throws a
// SerdeError naming the message type and protobuf field, so a dead-lettered
// payload says exactly what was wrong with it.
import { classifyDecimal } from './decimal.js';
import { SerdeError, quoteValue } from './errors.js';

/** Lower-case exchange ids such as "binance" or "binance-us". */
const EXCHANGE = /^[a-z][a-z0-9_.-]{0,31}$/;

/**
 * Symbols as exchanges write them: 1 to 32 characters, no lower-case ASCII,
 * whitespace, control characters or ":" (the Kafka key is "exchange:SYMBOL").
 * Not ASCII-only: Binance lists symbols with Chinese characters.
 */
const SYMBOL = /^[^\s:a-z\p{C}]{1,32}$/u;

/**
 * An int64 field's value: a bigint, as protobuf-es holds it, or a number that
 * is an integer (a domain value, or a decoded one that fits a number).
 */
export type Int64 = bigint | number;

/**
 * Exchange ids and symbols seen valid: a handful of values repeat on every
 * message, and a set lookup is cheaper than the Unicode regex. Bounded like
 * the bus's key-hash cache; cleared when full.
 */
const KNOWN_LIMIT = 10_000;
const validExchanges = new Set<string>();
const validSymbols = new Set<string>();
/** Nearly every message names the same exchange: one comparison instead of a set lookup. */
let lastExchange: string | undefined;

function remember(known: Set<string>, value: string): void {
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.add(value);
}

export class FieldChecks {
  constructor(private readonly messageType: string) {}

  fail(field: string, reason: string): never {
    throw new SerdeError('invalid-field', this.messageType, field, reason);
  }

  exchange(field: string, value: string): void {
    if (value === lastExchange || validExchanges.has(value)) return;
    if (!EXCHANGE.test(value)) this.fail(field, `${quoteValue(value)} is not a lower-case exchange id`);
    remember(validExchanges, value);
    lastExchange = value;
  }

  symbol(field: string, value: string): void {
    if (validSymbols.has(value)) return;
    if (!SYMBOL.test(value)) this.fail(field, `${quoteValue(value)} is not an exchange symbol`);
    remember(validSymbols, value);
  }

  /** A canonical non-negative decimal string; `positive` also rejects zero. */
  decimal(field: string, value: string, options: { positive?: boolean } = {}): void {
    const kind = classifyDecimal(value);
    if (kind === 'not-canonical') this.fail(field, `${quoteValue(value)} is not a plain non-negative decimal`);
    if (options.positive && kind === 'zero') this.fail(field, `${quoteValue(value)} must be greater than zero`);
  }

  /** An int64 that must be a safe integer (exact as a JS number) of at least `min`; returns it as a number. */
  integer(field: string, value: Int64, min: number): number {
    // bigint and number compare exactly with < and >, whatever their types.
    if (value < min) this.fail(field, `${value} is below ${min}`);
    if (value > Number.MAX_SAFE_INTEGER) this.fail(field, `${value} exceeds 2^53 - 1`);
    return Number(value);
  }
}

/** A domain number as int64, rejecting fractions and unsafe values that BigInt() would mangle or throw on. */
export function toInt64(messageType: string, field: string, value: number): bigint {
  return BigInt(toInt64Number(messageType, field, value));
}

/** toInt64's check without the bigint: the fast codecs write safe integers as they are. */
export function toInt64Number(messageType: string, field: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new SerdeError('invalid-field', messageType, field, `${value} is not a safe integer`);
  }
  return value;
}
