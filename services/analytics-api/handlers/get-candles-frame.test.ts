import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { GetCandlesResponseSchema } from '../../../common/gen/wick/v1/candle_service_pb.js';
import { columnsOf } from '../../../common/store/testing/candle-columns.js';
import { candle } from '../../../common/store/testing/fixtures.js';
import { LiveCandle } from '../live/live-candle.js';
import { getCandlesFrame } from './get-candles-frame.js';

const candles = Array.from({ length: 300 }, (_, index) => LiveCandle.fromStore(candle({ exchange: 'binance', symbol: 'BTCUSDT', openTime: 1_700_000_040_000 + index * 60_000 }), 0));

function expected(page: readonly LiveCandle[], nextPageToken: string): Buffer {
  const message = toBinary(GetCandlesResponseSchema, create(GetCandlesResponseSchema, { candles: page.map((item) => item.message()), nextPageToken }));
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

describe('getCandlesFrame', () => {
  it('is the gRPC frame of the response protobuf-es writes: candles, token, both, neither', () => {
    const token = 'x'.repeat(200);
    for (const [page, nextPageToken] of [[candles, token], [candles, ''], [[], token], [[], '']] as const) {
      expect(getCandlesFrame({ candles: page, nextPageToken })).toEqual(expected(page, nextPageToken));
    }
  });
});

describe('getCandlesFrame of store pages', () => {
  const series = { exchange: 'binance', symbol: 'BTCUSDT', interval: '1m' } as const;
  const page = (from: number, count: number) => LiveCandle.fromColumns(columnsOf(series, Array.from({ length: count }, (_, index) =>
    candle({ ...series, openTime: 1_700_000_040_000 + (from + index) * 60_000, firstTradeId: index % 3 === 0 ? -1 : 5 }))), 0);

  it('copies runs of a page and still writes every candle in order, with feed candles and other pages between', () => {
    const first = page(0, 50);
    const second = page(100, 20);
    const mixed = [...first.slice(0, 10), candles[7]!, ...first.slice(10, 30), ...second, ...first.slice(31, 50), candles[9]!];
    for (const answer of [first, mixed, [first[3]!], [...first].reverse()]) {
      expect(getCandlesFrame({ candles: answer, nextPageToken: 'next' })).toEqual(expected(answer, 'next'));
    }
  });

  it('gives a store candle its own bytes once compacted', () => {
    const [kept] = page(0, 2);
    const bytes = Buffer.from(kept!.bytes());
    kept!.compact();
    expect(kept!.recordPage).toBeUndefined();
    expect(Buffer.from(kept!.bytes())).toEqual(bytes);
    expect(kept!.bytes().buffer.byteLength).toBe(bytes.length);
    expect(getCandlesFrame({ candles: [kept!], nextPageToken: '' })).toEqual(expected([kept!], ''));
  });
});
