// wick.v1.Candle from a domain candle for RPC responses, without
// protobuf-es reflection: candleMessage() builds the message object
// directly (for JSON responses), encodeCandle() writes its protobuf binary
// form byte for byte as toBinary(CandleSchema, ...) would (checked by
// candle-encoding.test.ts), at a fraction of the cost, for the binary
// responses of GetCandles and StreamCandles history.
import type { Candle } from '../candles/candle.js';
import type { Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { varintLength, writeVarint } from './wire.js';

export function candleMessage(candle: Candle, updateTime: number): CandleMessage {
  return {
    $typeName: 'wick.v1.Candle',
    exchange: candle.exchange,
    symbol: candle.symbol,
    interval: candle.interval,
    openTime: BigInt(candle.openTime),
    closeTime: BigInt(candle.closeTime),
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
    quoteVolume: candle.quoteVolume,
    tradeCount: BigInt(candle.tradeCount),
    takerBuyVolume: candle.takerBuyVolume,
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume,
    firstTradeId: BigInt(candle.firstTradeId),
    lastTradeId: BigInt(candle.lastTradeId),
    closed: candle.closed,
    revision: candle.revision,
    updateTime: BigInt(updateTime),
  };
}

/** The candle's protobuf binary form (proto3: zero values are left out, fields in number order). */
export function encodeCandle(candle: Candle, updateTime: number): Uint8Array {
  // Straight-line code without intermediate objects: a page of 1,000 candles is encoded per request.
  const texts = [candle.exchange, candle.symbol, candle.interval, candle.open, candle.high, candle.low, candle.close, candle.volume,
    candle.quoteVolume, candle.takerBuyVolume, candle.takerBuyQuoteVolume].map(utf8);
  const [exchange, symbol, interval, open, high, low, close, volume, quoteVolume, takerBuy, takerBuyQuote] = texts as [
    Text, Text, Text, Text, Text, Text, Text, Text, Text, Text, Text];
  const size = textSize(1, exchange) + textSize(2, symbol) + textSize(3, interval) + intSize(4, candle.openTime) + intSize(5, candle.closeTime)
    + textSize(6, open) + textSize(7, high) + textSize(8, low) + textSize(9, close) + textSize(10, volume) + textSize(11, quoteVolume)
    + intSize(12, candle.tradeCount) + textSize(13, takerBuy) + textSize(14, takerBuyQuote) + intSize(15, candle.firstTradeId)
    + intSize(16, candle.lastTradeId) + intSize(17, candle.closed ? 1 : 0) + intSize(18, candle.revision) + intSize(19, updateTime);
  const out = new Uint8Array(size);
  let offset = putText(out, 0, 1, exchange);
  offset = putText(out, offset, 2, symbol);
  offset = putText(out, offset, 3, interval);
  offset = putInt(out, offset, 4, candle.openTime);
  offset = putInt(out, offset, 5, candle.closeTime);
  offset = putText(out, offset, 6, open);
  offset = putText(out, offset, 7, high);
  offset = putText(out, offset, 8, low);
  offset = putText(out, offset, 9, close);
  offset = putText(out, offset, 10, volume);
  offset = putText(out, offset, 11, quoteVolume);
  offset = putInt(out, offset, 12, candle.tradeCount);
  offset = putText(out, offset, 13, takerBuy);
  offset = putText(out, offset, 14, takerBuyQuote);
  offset = putInt(out, offset, 15, candle.firstTradeId);
  offset = putInt(out, offset, 16, candle.lastTradeId);
  offset = putInt(out, offset, 17, candle.closed ? 1 : 0);
  offset = putInt(out, offset, 18, candle.revision);
  putInt(out, offset, 19, updateTime);
  return out;
}

/** A string field's value: the string itself when ASCII (its char codes are its bytes), else its UTF-8 bytes. */
type Text = string | Uint8Array;

const encoder = new TextEncoder();

function utf8(text: string): Text {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) return encoder.encode(text);
  return text;
}

function textSize(no: number, text: Text): number {
  return text.length === 0 ? 0 : varintLength(no * 8 + 2) + varintLength(text.length) + text.length;
}

/** A varint field; a negative int64 takes ten bytes (64-bit two's complement). */
function intSize(no: number, value: number): number {
  return value === 0 ? 0 : varintLength(no * 8) + (value < 0 ? 10 : varintLength(value));
}

function putText(out: Uint8Array, offset: number, no: number, text: Text): number {
  if (text.length === 0) return offset;
  offset = writeVarint(out, offset, no * 8 + 2);
  offset = writeVarint(out, offset, text.length);
  if (typeof text !== 'string') {
    out.set(text, offset);
    return offset + text.length;
  }
  for (let index = 0; index < text.length; index += 1) out[offset + index] = text.charCodeAt(index);
  return offset + text.length;
}

function putInt(out: Uint8Array, offset: number, no: number, value: number): number {
  if (value === 0) return offset;
  offset = writeVarint(out, offset, no * 8);
  if (value >= 0) return writeVarint(out, offset, value);
  let bits = BigInt.asUintN(64, BigInt(value));
  for (let index = 0; index < 9; index += 1) {
    out[offset++] = Number(bits & 0x7fn) | 0x80;
    bits >>= 7n;
  }
  out[offset++] = Number(bits);
  return offset;
}
