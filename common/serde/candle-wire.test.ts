import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleSchema, type Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { readCandle, writeCandle } from './candle-wire.js';
import { anyInt64, anyString, concat, nestedGroups, outcome, protobufLikeBytes } from './testing/wire-arbitraries.js';

// The generated protobuf-es code is the reference: the hand-written codec
// must write its bytes and read its values, and reject what it rejects.

const anyCandleMessage: fc.Arbitrary<CandleMessage> = fc
  .record({
    exchange: anyString,
    symbol: anyString,
    interval: anyString,
    openTime: anyInt64,
    closeTime: anyInt64,
    open: anyString,
    high: anyString,
    low: anyString,
    close: anyString,
    volume: anyString,
    quoteVolume: anyString,
    tradeCount: anyInt64,
    takerBuyVolume: anyString,
    takerBuyQuoteVolume: anyString,
    firstTradeId: anyInt64,
    lastTradeId: anyInt64,
    closed: fc.boolean(),
    revision: fc.oneof(fc.constantFrom(0, 1, 127, 128, 2 ** 31, 2 ** 32 - 1), fc.nat({ max: 2 ** 32 - 1 })),
    updateTime: anyInt64,
  })
  .map((init) => create(CandleSchema, init));

function same(a: Uint8Array, b: Uint8Array): void {
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
}

describe('writeCandle', () => {
  it('writes the bytes toBinary writes, for any message', () => {
    fc.assert(
      fc.property(anyCandleMessage, (message) => {
        same(writeCandle(message), toBinary(CandleSchema, message));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes unknown fields back after the known ones, as toBinary does', () => {
    fc.assert(
      fc.property(anyCandleMessage, protobufLikeBytes, (message, extra) => {
        const withUnknown = outcome(() => fromBinary(CandleSchema, concat(toBinary(CandleSchema, message), extra)));
        fc.pre(withUnknown !== 'rejected');
        same(writeCandle(withUnknown.value), toBinary(CandleSchema, withUnknown.value));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('refuses revision %d as toBinary does', (revision) => {
    const message = create(CandleSchema, { revision });
    const expected = `cannot encode field wick.v1.Candle.revision to binary: invalid uint32: ${revision}`;
    expect(() => toBinary(CandleSchema, message)).toThrow(expected);
    expect(() => writeCandle(message)).toThrow(expected);
  });
});

describe('readCandle', () => {
  it('reads what fromBinary reads from any valid encoding', () => {
    fc.assert(
      fc.property(anyCandleMessage, (message) => {
        const bytes = toBinary(CandleSchema, message);
        expect(readCandle(bytes)).toStrictEqual(fromBinary(CandleSchema, bytes));
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes fields in any order, the last of repeated ones, and keeps unknown ones', () => {
    fc.assert(
      fc.property(anyCandleMessage, anyCandleMessage, protobufLikeBytes, fc.boolean(), (first, second, extra, extraFirst) => {
        const parts = [toBinary(CandleSchema, first), toBinary(CandleSchema, second)];
        const bytes = extraFirst ? concat(extra, ...parts) : concat(...parts, extra);
        expect(outcome(() => readCandle(bytes))).toStrictEqual(outcome(() => fromBinary(CandleSchema, bytes)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts and rejects exactly what fromBinary does, with the same values', () => {
    fc.assert(
      fc.property(fc.oneof(protobufLikeBytes, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        expect(outcome(() => readCandle(bytes))).toStrictEqual(outcome(() => fromBinary(CandleSchema, bytes)));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['a revision of 5 bytes', [0x90, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f]],
    ['a revision of 10 bytes (bits beyond 32 dropped)', [0x90, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['a revision of 11 bytes', [0x90, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['closed as a 2-byte varint', [0x88, 0x01, 0x80, 0x01]],
    ['first_trade_id -1', [0x78, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['an interval with a byte order mark', [0x1a, 0x05, 0xef, 0xbb, 0xbf, 0x31, 0x6d]],
  ])('agrees with fromBinary on %s', (_name, bytes) => {
    const input = new Uint8Array(bytes);
    expect(outcome(() => readCandle(input))).toStrictEqual(outcome(() => fromBinary(CandleSchema, input)));
  });

  it('agrees with fromBinary on how deep unknown groups may nest', () => {
    for (const depth of [99, 100]) {
      const input = nestedGroups(depth);
      expect(outcome(() => readCandle(input))).toStrictEqual(outcome(() => fromBinary(CandleSchema, input)));
    }
  });
});
