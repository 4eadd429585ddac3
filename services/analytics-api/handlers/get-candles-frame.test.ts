import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { GetCandlesResponseSchema } from '../../../common/gen/wick/v1/candle_service_pb.js';
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
