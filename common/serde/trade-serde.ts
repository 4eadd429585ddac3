// Trade payloads of Kafka topic wick.trades.v1: protobuf binary, validated
// both ways so an impossible trade is neither produced nor consumed. The
// bytes are written and read by trade-wire.ts, byte for byte what the
// generated protobuf-es code does, several times faster.
import type { Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { SerdeError } from './errors.js';
import { TRADE_TYPE, validateTrade } from './trade-validation.js';
import { readTradeFields, toTradeMessage, writeTrade, type DecodedTradeFields } from './trade-wire.js';

/** Throws SerdeError('invalid-field') for an impossible trade. */
export function encodeTrade(trade: TradeMessage): Uint8Array {
  validateTrade(trade);
  return writeTrade(trade);
}

/** Throws SerdeError: 'malformed-bytes' for bytes that are no Trade, 'invalid-field' for an impossible one. */
export function decodeTrade(bytes: Uint8Array): TradeMessage {
  const fields = readValidTrade(bytes);
  return toTradeMessage(fields);
}

/** The trade's fields, checked; int64 fields as numbers (validation guarantees they fit). */
export function readValidTrade(bytes: Uint8Array): DecodedTradeFields {
  let fields: DecodedTradeFields;
  try {
    fields = readTradeFields(bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', TRADE_TYPE, '', `not a protobuf ${TRADE_TYPE}: ${String(cause)}`, { cause });
  }
  validateTrade(fields);
  return fields;
}
