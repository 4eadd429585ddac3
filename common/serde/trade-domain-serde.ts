// Domain trades straight to wick.v1.Trade bytes and back, without the
// protobuf message in between (no bigints, no reflection): the collector
// encodes and the preprocessor decodes every trade this way. Equivalent to
// encodeTrade(fromDomainTrade(...)) and toDomainTrade(decodeTrade(...)):
// same bytes, same values, same SerdeErrors; trade-domain-serde.test.ts
// holds them to it.
import type { Trade } from '../candles/trade.js';
import { toInt64Number } from './field-checks.js';
import type { TradeOrigin } from './trade-mapping.js';
import { readValidTrade } from './trade-serde.js';
import { TRADE_TYPE, validateTrade, type TradeFields } from './trade-validation.js';
import { writeTrade } from './trade-wire.js';

/** A decoded trade with where it came from; it is itself the trade's TradeOrigin. */
export interface DomainTradeRecord extends TradeOrigin {
  readonly trade: Trade;
}

/** Throws SerdeError('invalid-field') for a trade protobuf cannot carry exactly or that is impossible. */
export function encodeDomainTrade(trade: Trade, origin: TradeOrigin): Uint8Array {
  const fields: TradeFields = {
    exchange: origin.exchange,
    symbol: trade.symbol,
    aggregateTradeId: toInt64Number(TRADE_TYPE, 'aggregate_trade_id', trade.aggregateId),
    firstTradeId: toInt64Number(TRADE_TYPE, 'first_trade_id', trade.firstTradeId),
    lastTradeId: toInt64Number(TRADE_TYPE, 'last_trade_id', trade.lastTradeId),
    price: trade.price,
    quantity: trade.quantity,
    tradeTime: toInt64Number(TRADE_TYPE, 'trade_time', trade.time),
    buyerIsMaker: trade.buyerIsMaker,
    receiveTime: toInt64Number(TRADE_TYPE, 'receive_time', origin.receiveTime),
  };
  validateTrade(fields);
  return writeTrade(fields);
}

/** Throws SerdeError: 'malformed-bytes' for bytes that are no Trade, 'invalid-field' for an impossible one. */
export function decodeTradeToDomain(bytes: Uint8Array): DomainTradeRecord {
  const fields = readValidTrade(bytes);
  return {
    exchange: fields.exchange,
    receiveTime: Number(fields.receiveTime),
    trade: {
      symbol: fields.symbol,
      aggregateId: Number(fields.aggregateTradeId),
      firstTradeId: Number(fields.firstTradeId),
      lastTradeId: Number(fields.lastTradeId),
      price: fields.price,
      quantity: fields.quantity,
      time: Number(fields.tradeTime),
      buyerIsMaker: fields.buyerIsMaker,
    },
  };
}
