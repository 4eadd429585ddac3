// Trade payloads of Kafka topic wick.trades.v1: protobuf binary, validated
// both ways so an impossible trade is neither produced nor consumed.
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { TradeSchema, type Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { SerdeError } from './errors.js';
import { TRADE_TYPE, validateTrade } from './trade-validation.js';

/** Throws SerdeError('invalid-field') for an impossible trade. */
export function encodeTrade(trade: TradeMessage): Uint8Array {
  validateTrade(trade);
  return toBinary(TradeSchema, trade);
}

/** Throws SerdeError: 'malformed-bytes' for bytes that are no Trade, 'invalid-field' for an impossible one. */
export function decodeTrade(bytes: Uint8Array): TradeMessage {
  let trade: TradeMessage;
  try {
    trade = fromBinary(TradeSchema, bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', TRADE_TYPE, '', `not a protobuf ${TRADE_TYPE}: ${String(cause)}`, { cause });
  }
  validateTrade(trade);
  return trade;
}
