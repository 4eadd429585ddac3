// Binance's stream payloads, field for field as web-socket-streams.md shows
// them (sections "Aggregate Trade Streams", "Trade Streams",
// "Kline/Candlestick Streams for UTC" and "Server Shutdown"): ids, times and
// counts are JSON numbers, prices and quantities decimal strings, flags
// booleans. Written with templates, not JSON.stringify, because this runs
// once per published trade; every interpolated value is a number, a
// boolean, or a string already validated to need no escaping (symbols,
// decimals, interval names).
import type { Candle } from '../../../common/candles/candle.js';
import type { SimTrade } from '../market/sim-trade.js';
import { Frame, type PayloadRenderer } from './frame.js';

/** `M` ("Ignore" in the docs) is true on every spot aggTrade and trade Binance sends. */
const BEST_MATCH = true;

export function aggTradePayload(trade: SimTrade, eventTime: number): PayloadRenderer {
  return (f) =>
    `{"e":"aggTrade","E":${eventTime * f},"s":"${trade.symbol}","a":${trade.aggregateId},"p":"${trade.price}","q":"${trade.quantity}",` +
    `"f":${trade.firstTradeId},"l":${trade.lastTradeId},"T":${trade.time * f},"m":${trade.buyerIsMaker},"M":${BEST_MATCH}}`;
}

/** A raw trade (firstTradeId = lastTradeId = its id); `b` and `a` were removed from this stream in June 2024. */
export function tradePayload(trade: SimTrade, eventTime: number): PayloadRenderer {
  return (f) =>
    `{"e":"trade","E":${eventTime * f},"s":"${trade.symbol}","t":${trade.firstTradeId},"p":"${trade.price}","q":"${trade.quantity}",` +
    `"T":${trade.time * f},"m":${trade.buyerIsMaker},"M":${BEST_MATCH}}`;
}

/** `B` ("Ignore") is "0" in every kline Binance sent in the recordings (../shared/data/binance/ws-2021-04). */
export function klinePayload(candle: Candle, eventTime: number): PayloadRenderer {
  return (f) =>
    `{"e":"kline","E":${eventTime * f},"s":"${candle.symbol}","k":{"t":${candle.openTime * f},"T":${candle.closeTime * f},` +
    `"s":"${candle.symbol}","i":"${candle.interval}","f":${candle.firstTradeId},"L":${candle.lastTradeId},` +
    `"o":"${candle.open}","c":"${candle.close}","h":"${candle.high}","l":"${candle.low}","v":"${candle.volume}",` +
    `"n":${candle.tradeCount},"x":${candle.closed},"q":"${candle.quoteVolume}","V":"${candle.takerBuyVolume}",` +
    `"Q":"${candle.takerBuyQuoteVolume}","B":"0"}}`;
}

export function serverShutdownPayload(eventTime: number): PayloadRenderer {
  return (f) => `{"e":"serverShutdown","E":${eventTime * f}}`;
}

/** Stream name of a trade's stream: `xrpeth@aggTrade` or `xrpeth@trade` (symbols are lower case in stream names). */
export function tradeStreamName(symbol: string, kind: SimTrade['kind']): string {
  return `${symbol.toLowerCase()}@${kind}`;
}

export function tradeFrame(stream: string, trade: SimTrade, eventTime: number): Frame {
  return trade.kind === 'aggTrade'
    ? new Frame(stream, 'aggTrade', aggTradePayload(trade, eventTime))
    : new Frame(stream, 'trade', tradePayload(trade, eventTime));
}

/** The combined stream carries the event as `!serverShutdown` (web-socket-streams.md, "Server Shutdown"). */
export function serverShutdownFrame(eventTime: number): Frame {
  return new Frame('!serverShutdown', 'serverShutdown', serverShutdownPayload(eventTime));
}
