// Trade fixtures for the preprocessor's tests: domain trades and their
// wick.trades.v1 messages, encoded as the collector encodes them.
import { create, toBinary } from '@bufbuild/protobuf';
import type { BusMessage, OutgoingMessage } from '../../../common/bus/index.js';
import type { Trade } from '../../../common/candles/trade.js';
import { TradeSchema } from '../../../common/gen/wick/v1/trade_pb.js';
import { encodeDomainTrade } from '../../../common/serde/index.js';

export const EXCHANGE = 'binance';

export function trade(overrides: Partial<Trade> & Pick<Trade, 'aggregateId' | 'time'>): Trade {
  return {
    symbol: 'BTCUSDT',
    firstTradeId: overrides.aggregateId,
    lastTradeId: overrides.aggregateId,
    price: '100.00000000',
    quantity: '1.00000000',
    buyerIsMaker: false,
    ...overrides,
  };
}

/** A trade as the collector publishes it: key exchange:SYMBOL, protobuf value, no timestamp of its own. */
export function tradeMessage(value: Trade, exchange = EXCHANGE): OutgoingMessage {
  return { key: `${exchange}:${value.symbol}`, value: encodeDomainTrade(value, { exchange, receiveTime: value.time + 5 }) };
}

/** A delivered message, for code that takes batches. */
export function delivered(message: OutgoingMessage, offset: bigint, topic = 'wick.trades.v1', partition = 0): BusMessage {
  return { topic, partition, offset, key: message.key, value: message.value, headers: message.headers ?? {}, timestamp: message.timestamp ?? 1_700_000_000_000 };
}

/** A poison message and the dead-letter reason the preprocessor must give it. */
export interface Poison {
  readonly reason: 'malformed-bytes' | 'invalid-field' | 'key-mismatch' | 'invalid-trade';
  readonly message: OutgoingMessage;
}

/**
 * One poison message of every kind, made from a real trade of the replay and
 * meant to go right before it in the same partition: if a poison message were
 * counted, or its ids marked as seen, that trade's candles would come out wrong.
 * `otherSymbol` is a symbol whose key the mismatched message carries.
 */
export function poisonMessages(real: Trade, otherSymbol: string, exchange = EXCHANGE): Poison[] {
  const key = `${exchange}:${real.symbol}`;
  // An impossible field the serde refuses on decode; written with the generated code, which does not validate.
  const zeroPrice = toBinary(
    TradeSchema,
    create(TradeSchema, {
      exchange,
      symbol: real.symbol,
      aggregateTradeId: BigInt(real.aggregateId),
      firstTradeId: BigInt(real.firstTradeId),
      lastTradeId: BigInt(real.lastTradeId),
      price: '0',
      quantity: real.quantity,
      tradeTime: BigInt(real.time),
      buyerIsMaker: real.buyerIsMaker,
      receiveTime: BigInt(real.time + 5),
    }),
  );
  return [
    { reason: 'malformed-bytes', message: { key, value: Uint8Array.from([0x0a, 0xff, 0xff, 0xff]) } },
    { reason: 'invalid-field', message: { key, value: zeroPrice } },
    // The real trade under another symbol's key: its order within that symbol's partition means nothing.
    { reason: 'key-mismatch', message: { ...tradeMessage({ ...real, symbol: otherSymbol }, exchange), key } },
    // Valid on the wire, but more decimals than the engine counts exactly.
    { reason: 'invalid-trade', message: tradeMessage({ ...real, price: '1.000000001' }, exchange) },
  ];
}
