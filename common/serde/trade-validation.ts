// The invariants every wick.v1.Trade on Kafka satisfies. Checked on encode
// (a producer bug must not poison the topic) and on decode (nothing upstream
// is trusted).
import { FieldChecks, type Int64 } from './field-checks.js';

export const TRADE_TYPE = 'wick.v1.Trade';

/**
 * A wick.v1.Trade's fields: the protobuf message (int64 as bigint) is one,
 * and so are the numbers the fast codecs carry (trade-wire.ts).
 */
export interface TradeFields {
  readonly exchange: string;
  readonly symbol: string;
  readonly aggregateTradeId: Int64;
  readonly firstTradeId: Int64;
  readonly lastTradeId: Int64;
  readonly price: string;
  readonly quantity: string;
  readonly tradeTime: Int64;
  readonly buyerIsMaker: boolean;
  readonly receiveTime: Int64;
}

const check: FieldChecks = new FieldChecks(TRADE_TYPE);
const POSITIVE = { positive: true } as const;

export function validateTrade(trade: TradeFields): void {
  check.exchange('exchange', trade.exchange);
  check.symbol('symbol', trade.symbol);
  check.integer('aggregate_trade_id', trade.aggregateTradeId, 0);
  const first = check.integer('first_trade_id', trade.firstTradeId, 0);
  const last = check.integer('last_trade_id', trade.lastTradeId, 0);
  if (first > last) check.fail('first_trade_id', `${first} is after last_trade_id ${last}`);
  check.decimal('price', trade.price, POSITIVE);
  check.decimal('quantity', trade.quantity, POSITIVE);
  check.integer('trade_time', trade.tradeTime, 1);
  check.integer('receive_time', trade.receiveTime, 1);
}
