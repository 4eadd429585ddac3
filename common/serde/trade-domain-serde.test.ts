import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../candles/trade.js';
import { TradeSchema, type Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { SerdeError } from './errors.js';
import { anyInt64, anyString, plausibleDecimal, plausibleInteger, plausibleSymbol, protobufLikeBytes, serdeOutcome } from './testing/wire-arbitraries.js';
import { decodeTradeToDomain, encodeDomainTrade } from './trade-domain-serde.js';
import { fromDomainTrade, toDomainTrade, type TradeOrigin } from './trade-mapping.js';
import { decodeTrade, encodeTrade } from './trade-serde.js';
import { TRADE_TYPE, validateTrade } from './trade-validation.js';

// The shortcuts between domain trades and bytes must behave exactly like
// the long way through the protobuf message, and decodeTrade exactly like
// the generated fromBinary followed by validation.

const domainTrade: fc.Arbitrary<Trade> = fc.record({
  symbol: plausibleSymbol,
  aggregateId: plausibleInteger,
  firstTradeId: plausibleInteger,
  lastTradeId: plausibleInteger,
  price: plausibleDecimal,
  quantity: plausibleDecimal,
  time: plausibleInteger,
  buyerIsMaker: fc.boolean(),
});

const origin: fc.Arbitrary<TradeOrigin> = fc.record({
  exchange: fc.oneof({ weight: 8, arbitrary: fc.constant('binance') }, { weight: 1, arbitrary: fc.constantFrom('', 'Binance', 'binance-us') }),
  receiveTime: plausibleInteger,
});

/** Trade payloads: valid ones, impossible ones, ones with unknown fields, and bytes that are no trade at all. */
const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(domainTrade, origin).map(([trade, from]) => {
    const message = serdeOutcome(() => fromDomainTrade(trade, from));
    return 'value' in message ? toBinary(TradeSchema, message.value) : new Uint8Array();
  }),
  fc.record({ exchange: anyString, symbol: anyString, aggregateTradeId: anyInt64, firstTradeId: anyInt64, lastTradeId: anyInt64, price: anyString, quantity: anyString, tradeTime: anyInt64, buyerIsMaker: fc.boolean(), receiveTime: anyInt64 })
    .map((init) => toBinary(TradeSchema, create(TradeSchema, init))),
  protobufLikeBytes,
);

/** decodeTrade as it was built on the generated code. */
function referenceDecodeTrade(bytes: Uint8Array): TradeMessage {
  let message: TradeMessage;
  try {
    message = fromBinary(TradeSchema, bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', TRADE_TYPE, '', `not a protobuf ${TRADE_TYPE}: ${String(cause)}`, { cause });
  }
  validateTrade(message);
  return message;
}

describe('encodeDomainTrade', () => {
  it('writes what encodeTrade(fromDomainTrade(...)) writes, and throws what it throws', () => {
    fc.assert(
      fc.property(domainTrade, origin, (trade, from) => {
        const fast = serdeOutcome(() => Buffer.from(encodeDomainTrade(trade, from)));
        const long = serdeOutcome(() => {
          const message = fromDomainTrade(trade, from);
          validateTrade(message);
          return Buffer.from(toBinary(TradeSchema, message));
        });
        expect(serdeOutcome(() => Buffer.from(encodeTrade(fromDomainTrade(trade, from))))).toStrictEqual(long);
        expect(fast).toStrictEqual(long);
      }),
      { numRuns: 5_000 },
    );
  });

  it('round-trips through decodeTradeToDomain', () => {
    const trade: Trade = { symbol: 'BTCUSDT', aggregateId: 3_123_456_789, firstTradeId: 5_000_000_001, lastTradeId: 5_000_000_004, price: '64250.01000000', quantity: '0.00150000', time: 1_718_000_000_123, buyerIsMaker: true };
    expect(decodeTradeToDomain(encodeDomainTrade(trade, { exchange: 'binance', receiveTime: 1_718_000_000_140 }))).toStrictEqual({
      exchange: 'binance',
      receiveTime: 1_718_000_000_140,
      trade,
    });
  });
});

describe('decodeTradeToDomain', () => {
  it('returns what toDomainTrade(decodeTrade(...)) returns, and throws what it throws', () => {
    const viaMessage = (decode: (bytes: Uint8Array) => TradeMessage, bytes: Uint8Array) => {
      const message = decode(bytes);
      return { exchange: message.exchange, receiveTime: Number(message.receiveTime), trade: toDomainTrade(message) };
    };
    fc.assert(
      fc.property(payload, (bytes) => {
        const fast = serdeOutcome(() => decodeTradeToDomain(bytes));
        expect(fast).toStrictEqual(serdeOutcome(() => viaMessage(decodeTrade, bytes)));
        expect(serdeOutcome(() => decodeTradeToDomain(bytes), false)).toStrictEqual(serdeOutcome(() => viaMessage(referenceDecodeTrade, bytes), false));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('decodeTrade', () => {
  it('accepts, returns and rejects what fromBinary plus validation does', () => {
    fc.assert(
      fc.property(payload, (bytes) => {
        expect(serdeOutcome(() => decodeTrade(bytes), false)).toStrictEqual(serdeOutcome(() => referenceDecodeTrade(bytes), false));
      }),
      { numRuns: 10_000 },
    );
  });
});
