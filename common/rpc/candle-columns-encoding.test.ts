import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../candles/candle.js';
import { INTERVALS } from '../candles/intervals.js';
import { CandleSchema } from '../gen/wick/v1/candle_pb.js';
import { GetCandlesResponseSchema } from '../gen/wick/v1/candle_service_pb.js';
import { candlesOf } from '../store/index.js';
import { columnsOf } from '../store/testing/candle-columns.js';
import { candleMessage } from './candle-encoding.js';
import { encodeCandleColumns } from './candle-columns-encoding.js';

// Decimals as PostgreSQL's NUMERIC output writes them: sign, digits, scale kept (trailing zeros), zero, long ones.
const decimal = fc.oneof(
  fc.constantFrom('0', '0.00000000', '-0.00000001', '1', '100.00000000', '99999999999999999999.99999999', '0.000000000000000000000000000001'),
  fc.stringMatching(/^-?(0|[1-9]\d{0,20})(\.\d{1,30})?$/),
  fc.stringMatching(/^[1-9]\d{130,140}$/),
);
const time = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7_258_118_399_999 }));
const id = fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
const name = fc.oneof(fc.stringMatching(/^[A-Z0-9]{1,20}$/), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((text) => !text.includes('\u0000')));

const series = fc.record({ exchange: name, symbol: name, interval: fc.constantFrom(...INTERVALS) });
const fields = fc.record({
  openTime: time, closeTime: time,
  open: decimal, high: decimal, low: decimal, close: decimal, volume: decimal, quoteVolume: decimal, takerBuyVolume: decimal, takerBuyQuoteVolume: decimal,
  tradeCount: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), firstTradeId: id, lastTradeId: id,
  closed: fc.boolean(), revision: fc.integer({ min: 0, max: 0x7fff_ffff }),
});

describe('encodeCandleColumns', () => {
  it('writes each candle of a page, and the page as a repeated field, byte for byte as protobuf-es does', () => {
    fc.assert(fc.property(series, fc.array(fields, { maxLength: 20 }), fc.oneof(fc.constant(0), time), (key, rows, updateTime) => {
      const candles: Candle[] = rows.map((row) => ({ ...key, ...row }));
      const columns = columnsOf(key, candles);
      const { bytes, records, candles: payloads } = encodeCandleColumns(columns, updateTime, 1);
      expect([records.length, payloads.length, records[0], records[candles.length]]).toEqual([candles.length + 1, candles.length, 0, bytes.length]);
      candles.forEach((candle, index) => {
        const expected = toBinary(CandleSchema, candleMessage(candle, updateTime));
        expect(Buffer.from(bytes.subarray(payloads[index], records[index + 1]))).toEqual(Buffer.from(expected));
      });
      // Back to back, the records are the page as a GetCandlesResponse's candles field.
      const response = toBinary(GetCandlesResponseSchema, create(GetCandlesResponseSchema, { candles: candles.map((candle) => candleMessage(candle, updateTime)) }));
      expect(Buffer.from(bytes)).toEqual(Buffer.from(response));
      // The columns give the candles back exactly.
      expect(candlesOf(columns)).toEqual(candles);
    }), { numRuns: 500 });
  });

  it('encodes an empty page as no bytes', () => {
    const columns = columnsOf({ exchange: 'binance', symbol: 'BTCUSDT', interval: '1m' }, []);
    const { bytes, records, candles } = encodeCandleColumns(columns, 0, 1);
    expect([bytes.length, [...records], candles.length]).toEqual([0, [0], 0]);
  });
});
