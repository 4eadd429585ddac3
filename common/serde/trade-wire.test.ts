import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeSchema, type Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { anyInt64, anyString, concat, nestedGroups, outcome, protobufLikeBytes } from './testing/wire-arbitraries.js';
import { readTradeFields, toTradeMessage, writeTrade } from './trade-wire.js';

// The generated protobuf-es code is the reference: the hand-written codec
// must write its bytes and read its values, and reject what it rejects.

const anyTradeMessage: fc.Arbitrary<TradeMessage> = fc
  .record({
    exchange: anyString,
    symbol: anyString,
    aggregateTradeId: anyInt64,
    firstTradeId: anyInt64,
    lastTradeId: anyInt64,
    price: anyString,
    quantity: anyString,
    tradeTime: anyInt64,
    buyerIsMaker: fc.boolean(),
    receiveTime: anyInt64,
  })
  .map((init) => create(TradeSchema, init));

const readTrade = (bytes: Uint8Array): TradeMessage => toTradeMessage(readTradeFields(bytes));
function same(a: Uint8Array, b: Uint8Array): void {
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
}

describe('writeTrade', () => {
  it('writes the bytes toBinary writes, for any message', () => {
    fc.assert(
      fc.property(anyTradeMessage, (message) => {
        same(writeTrade(message), toBinary(TradeSchema, message));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes unknown fields back after the known ones, as toBinary does', () => {
    fc.assert(
      fc.property(anyTradeMessage, protobufLikeBytes, (message, extra) => {
        const withUnknown = outcome(() => fromBinary(TradeSchema, concat(toBinary(TradeSchema, message), extra)));
        fc.pre(withUnknown !== 'rejected');
        same(writeTrade(withUnknown.value), toBinary(TradeSchema, withUnknown.value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses an int64 out of range as toBinary does', () => {
    const message = create(TradeSchema, { tradeTime: 2n ** 63n });
    expect(() => toBinary(TradeSchema, message)).toThrow('cannot encode field wick.v1.Trade.trade_time to binary: invalid int64: 9223372036854775808');
    expect(() => writeTrade(message)).toThrow('cannot encode field wick.v1.Trade.trade_time to binary: invalid int64: 9223372036854775808');
  });
});

describe('readTradeFields', () => {
  it('reads what fromBinary reads from any valid encoding', () => {
    fc.assert(
      fc.property(anyTradeMessage, (message) => {
        const bytes = toBinary(TradeSchema, message);
        expect(readTrade(bytes)).toStrictEqual(fromBinary(TradeSchema, bytes));
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes fields in any order, the last of repeated ones, and keeps unknown ones', () => {
    fc.assert(
      fc.property(anyTradeMessage, anyTradeMessage, protobufLikeBytes, fc.boolean(), (first, second, extra, extraFirst) => {
        // Two encodings back to back are one message whose fields repeat, the later winning.
        const parts = [toBinary(TradeSchema, first), toBinary(TradeSchema, second)];
        const bytes = extraFirst ? concat(extra, ...parts) : concat(...parts, extra);
        expect(outcome(() => readTrade(bytes))).toStrictEqual(outcome(() => fromBinary(TradeSchema, bytes)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts and rejects exactly what fromBinary does, with the same values', () => {
    fc.assert(
      fc.property(fc.oneof(protobufLikeBytes, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        expect(outcome(() => readTrade(bytes))).toStrictEqual(outcome(() => fromBinary(TradeSchema, bytes)));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['a string with a leading byte order mark (dropped)', [0x12, 0x04, 0xef, 0xbb, 0xbf, 0x41]],
    ['invalid UTF-8', [0x12, 0x02, 0xc3, 0x28]],
    ['an overlong UTF-8 form', [0x12, 0x02, 0xc0, 0x80]],
    ['a 10-byte int64 (-1)', [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['an 11-byte varint', [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['a 10-byte varint with high bits in its last byte', [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]],
    ['a 5-byte tag', [0xb8, 0x80, 0x80, 0x80, 0x00, 0x01]],
    ['a 5-byte tag with too many bits', [0xb8, 0x80, 0x80, 0x80, 0x10, 0x01]],
    ['a 6-byte tag', [0x98, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01]],
    ['field number 0', [0x00, 0x01]],
    ['wire type 6', [0x0e]],
    ['an unknown end-group tag', [0x5c]],
    ['a string field sent as a varint', [0x10, 0x01, 0x41]],
    ['an int64 field sent as fixed32', [0x1d, 0x05]],
    ['a bool of 10 bytes', [0x48, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
    ['an unknown length-delimited field past the end', [0x62, 0x05, 0x41]],
    ['an unknown varint of 12 bytes', [0x60, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['an unterminated group', [0x63, 0x08, 0x01]],
    ['a group closed with another field number', [0x63, 0x6c]],
    ['an empty payload', []],
  ])('agrees with fromBinary on %s', (_name, bytes) => {
    const input = new Uint8Array(bytes);
    expect(outcome(() => readTrade(input))).toStrictEqual(outcome(() => fromBinary(TradeSchema, input)));
  });

  it('agrees with fromBinary on how deep unknown groups may nest', () => {
    for (const depth of [98, 99, 100]) {
      const input = nestedGroups(depth);
      expect(outcome(() => readTrade(input))).toStrictEqual(outcome(() => fromBinary(TradeSchema, input)));
    }
    expect(outcome(() => readTrade(nestedGroups(99)))).not.toBe('rejected');
    expect(outcome(() => readTrade(nestedGroups(100)))).toBe('rejected');
  });

  it('reads int64 fields as numbers when they are exact, as bigints otherwise', () => {
    const fields = readTradeFields(toBinary(TradeSchema, create(TradeSchema, { tradeTime: 2n ** 53n - 1n, receiveTime: 2n ** 53n, firstTradeId: -5n })));
    expect(fields.tradeTime).toBe(Number.MAX_SAFE_INTEGER);
    expect(fields.receiveTime).toBe(2n ** 53n);
    expect(fields.firstTradeId).toBe(-5);
  });

  it('reads from a view into a larger buffer', () => {
    const message = create(TradeSchema, { exchange: 'binance', symbol: 'BTCUSDT', price: '1.5', tradeTime: 7n });
    const bytes = toBinary(TradeSchema, message);
    const padded = new Uint8Array(bytes.length + 6).fill(0xff);
    padded.set(bytes, 3);
    expect(readTrade(padded.subarray(3, 3 + bytes.length))).toStrictEqual(message);
  });
});
