// The invariants every wick.v1.Trade on Kafka satisfies. Checked on encode
// (a producer bug must not poison the topic) and on decode (nothing upstream
// is trusted).
import type { Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { FieldChecks } from './field-checks.js';

export const TRADE_TYPE = 'wick.v1.Trade';

const check: FieldChecks = new FieldChecks(TRADE_TYPE);

export function validateTrade(trade: TradeMessage): void {
  check.exchange('exchange', trade.exchange);
  check.symbol('symbol', trade.symbol);
  check.integer('aggregate_trade_id', trade.aggregateTradeId, 0);
  const first = check.integer('first_trade_id', trade.firstTradeId, 0);
  const last = check.integer('last_trade_id', trade.lastTradeId, 0);
  if (first > last) check.fail('first_trade_id', `${first} is after last_trade_id ${last}`);
  check.decimal('price', trade.price, { positive: true });
  check.decimal('quantity', trade.quantity, { positive: true });
  check.integer('trade_time', trade.tradeTime, 1);
  check.integer('receive_time', trade.receiveTime, 1);
}
