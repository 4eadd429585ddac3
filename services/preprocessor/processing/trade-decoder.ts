// Kafka messages of wick.trades.v1 to domain trades, through common/serde
// only. A message that is no valid trade becomes a dead letter with the
// reason, never an exception: one bad record must not stop its partition.
import type { BusMessage } from '../../../common/bus/index.js';
import type { Trade } from '../../../common/candles/trade.js';
import { decodeTradeToDomain, SerdeError } from '../../../common/serde/index.js';

export interface DecodedTrade {
  /** Lower-case exchange id from the payload, e.g. "binance". */
  readonly exchange: string;
  readonly trade: Trade;
  readonly message: BusMessage;
}

/** Why a message was dead-lettered; the `wick-dlq-reason` header. */
export type DeadLetterReason =
  /** Not a protobuf wick.v1.Trade. */
  | 'malformed-bytes'
  /** A field holds an impossible value (serde validation). */
  | 'invalid-field'
  /** The key is not exchange:SYMBOL of the payload, so the symbol's order in its partition cannot be trusted. */
  | 'key-mismatch'
  /** Decoded, but the candle engine cannot count it exactly (e.g. more than 8 significant decimals). */
  | 'invalid-trade'
  /** A control record of the trade topic (wick-control header) this preprocessor cannot read. */
  | 'invalid-control';

export interface DeadLetter {
  readonly reason: DeadLetterReason;
  readonly detail: string;
  readonly message: BusMessage;
}

export interface DecodedBatch {
  readonly trades: DecodedTrade[];
  readonly deadLetters: DeadLetter[];
}

export function decodeBatch(messages: readonly BusMessage[]): DecodedBatch {
  const trades: DecodedTrade[] = [];
  const deadLetters: DeadLetter[] = [];
  for (const message of messages) {
    try {
      const { exchange, trade } = decodeTradeToDomain(message.value);
      if (!isKeyOf(message.key, exchange, trade.symbol)) {
        deadLetters.push({ reason: 'key-mismatch', detail: `key ${JSON.stringify(message.key.slice(0, 80))} is not ${JSON.stringify(`${exchange}:${trade.symbol}`)}`, message });
        continue;
      }
      trades.push({ exchange, trade, message });
    } catch (error) {
      if (!(error instanceof SerdeError)) throw error;
      deadLetters.push({ reason: error.code, detail: error.message, message });
    }
  }
  return { trades, deadLetters };
}

/** key === `${exchange}:${symbol}`, without building the string for every message. */
function isKeyOf(key: string, exchange: string, symbol: string): boolean {
  return (
    key.length === exchange.length + 1 + symbol.length &&
    key.charCodeAt(exchange.length) === 58 &&
    key.startsWith(exchange) &&
    key.endsWith(symbol)
  );
}
