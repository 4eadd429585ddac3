// Malformed frames for a trade stream, modelled on the last trade published
// there so they look like the real thing: either cut off mid-way (not JSON)
// or valid JSON in the event's shape with every field of the wrong JSON type
// (ids and times as strings, price and quantity as numbers, the maker flag
// as a string). A client must reject both without losing its place.
import type { SimTrade } from '../market/sim-trade.js';
import type { TradeKind } from '../recording/summary.js';
import { tradeFrame } from '../ws/payloads.js';
import type { MalformedKind } from './fault-types.js';

export interface MalformedTarget {
  readonly stream: string;
  readonly symbol: string;
  readonly kind: TradeKind;
  readonly combined: boolean;
}

export function malformedText(malformed: MalformedKind, target: MalformedTarget, last: SimTrade | undefined, eventTime: number): string {
  const trade = last ?? placeholderTrade(target);
  if (malformed === 'invalid-json') {
    const valid = tradeFrame(target.stream, trade, eventTime).text(target.combined, false);
    return valid.slice(0, Math.floor(valid.length * 0.6));
  }
  const payload = wrongTypes(trade, eventTime);
  return target.combined ? `{"stream":${JSON.stringify(target.stream)},"data":${payload}}` : payload;
}

// Prices and quantities are copied as JSON number tokens, never parsed.
function wrongTypes(trade: SimTrade, eventTime: number): string {
  const common = `"E":"${eventTime}","s":"${trade.symbol}"`;
  const rest = `"p":${trade.price},"q":${trade.quantity},"T":"${trade.time}","m":"${trade.buyerIsMaker}","M":true`;
  return trade.kind === 'aggTrade'
    ? `{"e":"aggTrade",${common},"a":"${trade.aggregateId}",${rest},"f":"${trade.firstTradeId}","l":"${trade.lastTradeId}"}`
    : `{"e":"trade",${common},"t":"${trade.firstTradeId}",${rest}}`;
}

/** Before anything was published on the stream: a trade of the right symbol with zero values. */
function placeholderTrade(target: MalformedTarget): SimTrade {
  return {
    symbol: target.symbol,
    kind: target.kind,
    aggregateId: 0,
    firstTradeId: 0,
    lastTradeId: 0,
    price: '0',
    quantity: '0',
    time: 0,
    buyerIsMaker: false,
  };
}
