import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../candles/candle.js';
import { INTERVALS } from '../candles/intervals.js';
import { CandleSchema } from '../gen/wick/v1/candle_pb.js';
import { fromDomainCandle } from '../serde/index.js';
import { candle as storeCandle } from '../store/testing/fixtures.js';
import { candleMessage, encodeCandle } from './candle-encoding.js';

const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }), fc.stringMatching(/^\d{1,12}\.\d{0,8}$/), fc.string({ unit: 'grapheme', maxLength: 8 }));
const id = fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

const candles: fc.Arbitrary<Candle> = fc.record({
  exchange: text, symbol: text, interval: fc.constantFrom(...INTERVALS),
  openTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), closeTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  open: text, high: text, low: text, close: text, volume: text, quoteVolume: text, takerBuyVolume: text, takerBuyQuoteVolume: text,
  tradeCount: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), firstTradeId: id, lastTradeId: id,
  closed: fc.boolean(), revision: fc.integer({ min: 0, max: 0xffff_ffff }),
});

describe('candle encoding for RPC responses', () => {
  it('writes the same bytes as protobuf-es, for any candle', () => {
    fc.assert(fc.property(candles, fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (candle, updateTime) => {
      const message = candleMessage(candle, updateTime);
      expect(Buffer.from(encodeCandle(candle, updateTime))).toEqual(Buffer.from(toBinary(CandleSchema, message)));
    }), { numRuns: 2_000 });
  });
});

describe('candleMessage', () => {
  it('equals the serde mapping of a valid candle', () => {
    for (const candle of [storeCandle({ exchange: 'binance', symbol: 'BTCUSDT', openTime: 1_700_000_040_000 }), storeCandle({
      exchange: 'binance', symbol: 'XRPETH', openTime: 1_700_000_100_000, tradeCount: 0, firstTradeId: -1, lastTradeId: -1, volume: '0', quoteVolume: '0',
      takerBuyVolume: '0', takerBuyQuoteVolume: '0', closed: false, revision: 3,
    })]) {
      expect(candleMessage(candle, 1_700_000_123_456)).toEqual(fromDomainCandle(candle, 1_700_000_123_456));
    }
  });
});
