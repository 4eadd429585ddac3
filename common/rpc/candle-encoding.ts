// wick.v1.Candle from a domain candle for RPC responses, without
// protobuf-es reflection: candleMessage() builds the message object
// directly (for JSON responses), encodeCandle() writes its protobuf binary
// form byte for byte as toBinary(CandleSchema, ...) would (checked by
// candle-encoding.test.ts), at a fraction of the cost, for the binary
// responses of GetCandles and StreamCandles history.
import type { Candle } from '../candles/candle.js';
import type { Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { putInt, putText } from './proto-fields.js';

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
  // One pass into a reused scratch buffer, then one copy of the exact size: a
  // page of 1,000 candles read from the store is encoded per request, and
  // per-candle temporaries (strings' byte arrays, size passes) were most of
  // its cost and of the garbage behind the latency tail.
  const out = scratchFor(candle);
  let offset = putText(out, 0, 1, candle.exchange);
  offset = putText(out, offset, 2, candle.symbol);
  offset = putText(out, offset, 3, candle.interval);
  offset = putInt(out, offset, 4, candle.openTime);
  offset = putInt(out, offset, 5, candle.closeTime);
  offset = putText(out, offset, 6, candle.open);
  offset = putText(out, offset, 7, candle.high);
  offset = putText(out, offset, 8, candle.low);
  offset = putText(out, offset, 9, candle.close);
  offset = putText(out, offset, 10, candle.volume);
  offset = putText(out, offset, 11, candle.quoteVolume);
  offset = putInt(out, offset, 12, candle.tradeCount);
  offset = putText(out, offset, 13, candle.takerBuyVolume);
  offset = putText(out, offset, 14, candle.takerBuyQuoteVolume);
  offset = putInt(out, offset, 15, candle.firstTradeId);
  offset = putInt(out, offset, 16, candle.lastTradeId);
  offset = putInt(out, offset, 17, candle.closed ? 1 : 0);
  offset = putInt(out, offset, 18, candle.revision);
  offset = putInt(out, offset, 19, updateTime);
  return out.slice(0, offset);
}

/** Tag and length (2 + 5 bytes) of 11 strings, tag and value (2 + 10 bytes) of 8 integers. */
const FIXED_BOUND = 11 * 7 + 8 * 12;
let scratch = new Uint8Array(1_024);

/** The scratch buffer, grown when this candle could exceed it (a UTF-16 unit takes at most 3 UTF-8 bytes). */
function scratchFor(candle: Candle): Uint8Array {
  const textLength = candle.exchange.length + candle.symbol.length + candle.interval.length + candle.open.length + candle.high.length
    + candle.low.length + candle.close.length + candle.volume.length + candle.quoteVolume.length + candle.takerBuyVolume.length
    + candle.takerBuyQuoteVolume.length;
  const bound = FIXED_BOUND + 3 * textLength;
  if (bound > scratch.length) scratch = new Uint8Array(Math.max(bound, 2 * scratch.length));
  return scratch;
}
