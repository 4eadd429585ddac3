// Between the protobuf Trade on Kafka and the candle engine's domain Trade.
// The domain trade knows neither its exchange nor when it was received: the
// topic key carries the exchange, and receive time only measures feed latency.
import { create } from '@bufbuild/protobuf';
import type { Trade } from '../candles/trade.js';
import { TradeSchema, type Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { FieldChecks, toInt64 } from './field-checks.js';
import { TRADE_TYPE } from './trade-validation.js';

const check: FieldChecks = new FieldChecks(TRADE_TYPE);

/** Expects a validated message (decodeTrade's result); int64 fields become numbers, checked to be exact. */
export function toDomainTrade(message: TradeMessage): Trade {
  return {
    symbol: message.symbol,
    aggregateId: check.integer('aggregate_trade_id', message.aggregateTradeId, 0),
    firstTradeId: check.integer('first_trade_id', message.firstTradeId, 0),
    lastTradeId: check.integer('last_trade_id', message.lastTradeId, 0),
    price: message.price,
    quantity: message.quantity,
    time: check.integer('trade_time', message.tradeTime, 0),
    buyerIsMaker: message.buyerIsMaker,
  };
}

export interface TradeOrigin {
  /** Lower-case exchange id, e.g. "binance". */
  readonly exchange: string;
  /** When the collector received the trade, ms since the Unix epoch. */
  readonly receiveTime: number;
}

/** Builds the Kafka message; encodeTrade validates it. */
export function fromDomainTrade(trade: Trade, origin: TradeOrigin): TradeMessage {
  const int64 = (field: string, value: number): bigint => toInt64(TRADE_TYPE, field, value);
  return create(TradeSchema, {
    exchange: origin.exchange,
    symbol: trade.symbol,
    aggregateTradeId: int64('aggregate_trade_id', trade.aggregateId),
    firstTradeId: int64('first_trade_id', trade.firstTradeId),
    lastTradeId: int64('last_trade_id', trade.lastTradeId),
    price: trade.price,
    quantity: trade.quantity,
    tradeTime: int64('trade_time', trade.time),
    buyerIsMaker: trade.buyerIsMaker,
    receiveTime: int64('receive_time', origin.receiveTime),
  });
}
