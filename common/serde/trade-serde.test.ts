import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../candles/trade.js';
import { CandleSchema } from '../gen/wick/v1/candle_pb.js';
import { TradeSchema, type Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import { SerdeError } from './errors.js';
import { fromDomainTrade, toDomainTrade } from './trade-mapping.js';
import { decodeTrade, encodeTrade } from './trade-serde.js';

const domainTrade: Trade = {
  symbol: 'BTCUSDT',
  aggregateId: 3_123_456_789,
  firstTradeId: 5_000_000_001,
  lastTradeId: 5_000_000_004,
  price: '64250.01000000',
  quantity: '0.00150000',
  time: 1_718_000_000_123,
  buyerIsMaker: true,
};
const origin = { exchange: 'binance', receiveTime: 1_718_000_000_140 };

function tradeMessage(overrides: Partial<TradeMessage> = {}): TradeMessage {
  return { ...fromDomainTrade(domainTrade, origin), ...overrides };
}

/** The SerdeError that `action` throws, failing the test when it throws nothing or something else. */
function serdeErrorOf(action: () => unknown): SerdeError {
  try {
    action();
  } catch (error) {
    if (error instanceof SerdeError) return error;
    throw error;
  }
  throw new Error('expected a SerdeError, nothing was thrown');
}

describe('encodeTrade / decodeTrade', () => {
  it('round-trips a trade through protobuf binary', () => {
    const message = tradeMessage();
    expect(decodeTrade(encodeTrade(message))).toEqual(message);
  });

  it('round-trips every valid trade, and its domain form', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.integer({ min: 0, max: 8 }))
      .map(([units, scale]) => {
        const digits = units.toString().padStart(scale + 1, '0');
        return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      });
    const trade = fc
      .record({
        symbol: fc.constantFrom('BTCUSDT', 'ETHBTC', '1000SATSUSDT', '币安人生USDT'),
        aggregateId: fc.maxSafeNat(),
        firstTradeId: fc.integer({ min: 0, max: 2 ** 52 }),
        span: fc.integer({ min: 0, max: 1000 }),
        price: decimal,
        quantity: decimal,
        time: fc.integer({ min: 1, max: 2 ** 52 }),
        buyerIsMaker: fc.boolean(),
      })
      .map(({ span, ...rest }): Trade => ({ ...rest, lastTradeId: rest.firstTradeId + span }));
    fc.assert(
      fc.property(trade, (original) => {
        const decoded = decodeTrade(encodeTrade(fromDomainTrade(original, origin)));
        expect(toDomainTrade(decoded)).toEqual(original);
        expect(decoded.exchange).toBe('binance');
        expect(decoded.receiveTime).toBe(BigInt(origin.receiveTime));
      }),
    );
  });

  it('keeps ids and times beyond 2^32 exact', () => {
    const decoded = decodeTrade(encodeTrade(tradeMessage({ tradeTime: BigInt(Number.MAX_SAFE_INTEGER) })));
    expect(toDomainTrade(decoded).time).toBe(Number.MAX_SAFE_INTEGER);
    expect(toDomainTrade(decoded).lastTradeId).toBe(5_000_000_004);
  });
});

describe('trade validation', () => {
  it.each<[string, Partial<TradeMessage>]>([
    ['exchange', { exchange: '' }],
    ['exchange', { exchange: 'Binance' }],
    ['symbol', { symbol: '' }],
    ['symbol', { symbol: 'btcusdt' }],
    ['symbol', { symbol: 'BTC USDT' }],
    ['symbol', { symbol: 'BTC:USDT' }],
    ['symbol', { symbol: 'BTC\u0000USDT' }],
    ['symbol', { symbol: 'X'.repeat(33) }],
    ['aggregate_trade_id', { aggregateTradeId: -1n }],
    ['first_trade_id', { firstTradeId: -1n }],
    ['last_trade_id', { lastTradeId: -5n }],
    ['first_trade_id', { firstTradeId: 7n, lastTradeId: 6n }],
    ['last_trade_id', { lastTradeId: 2n ** 53n }],
    ['price', { price: '1e5' }],
    ['price', { price: 'abc' }],
    ['price', { price: '-1' }],
    ['price', { price: '' }],
    ['price', { price: '0' }],
    ['price', { price: '0.00000000' }],
    ['price', { price: '00.5' }],
    ['price', { price: '.5' }],
    ['price', { price: '1,5' }],
    ['price', { price: 'NaN' }],
    ['quantity', { quantity: '0' }],
    ['quantity', { quantity: '-0.1' }],
    ['quantity', { quantity: '1E-8' }],
    ['trade_time', { tradeTime: 0n }],
    ['trade_time', { tradeTime: -1_718_000_000_000n }],
    ['trade_time', { tradeTime: 2n ** 63n - 1n }],
    ['receive_time', { receiveTime: 0n }],
  ])('rejects a bad %s: %o', (field, overrides) => {
    const bad = tradeMessage(overrides);
    const onEncode = serdeErrorOf(() => encodeTrade(bad));
    // Decode must reject what a foreign producer could send, so bypass encode's check.
    const onDecode = serdeErrorOf(() => decodeTrade(toBinary(TradeSchema, bad)));
    for (const error of [onEncode, onDecode]) {
      expect(error.code).toBe('invalid-field');
      expect(error.field).toBe(field);
      expect(error.message).toMatch(new RegExp(`^wick\\.v1\\.Trade\\.${field}: `));
    }
  });

  it('names the offending value in the message', () => {
    const error = serdeErrorOf(() => encodeTrade(tradeMessage({ price: '1e5' })));
    expect(error.message).toBe('wick.v1.Trade.price: "1e5" is not a plain non-negative decimal');
  });

  it('accepts a raw trade (first = last), id 0 and symbols in any script', () => {
    const raw = tradeMessage({ aggregateTradeId: 0n, firstTradeId: 0n, lastTradeId: 0n, symbol: '币安人生USDT' });
    expect(decodeTrade(encodeTrade(raw))).toEqual(raw);
  });
});

describe('decodeTrade on bytes that are no Trade', () => {
  it.each([
    ['truncated varint', [0xff]],
    ['length beyond the end', [0x0a, 0x05, 0x41]],
    ['illegal wire type', [0x0f]],
    ['invalid UTF-8 in symbol', [0x12, 0x02, 0xc3, 0x28]],
  ])('rejects %s as malformed', (_name, bytes) => {
    const error = serdeErrorOf(() => decodeTrade(new Uint8Array(bytes)));
    expect(error.code).toBe('malformed-bytes');
    expect(error.messageType).toBe('wick.v1.Trade');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('rejects an empty payload as a trade without exchange', () => {
    expect(serdeErrorOf(() => decodeTrade(new Uint8Array())).field).toBe('exchange');
  });

  it('rejects a Candle payload', () => {
    const candle = toBinary(CandleSchema, create(CandleSchema, { exchange: 'binance', symbol: 'BTCUSDT', interval: '1m', openTime: 5n }));
    expect(serdeErrorOf(() => decodeTrade(candle))).toBeInstanceOf(SerdeError);
  });
});

describe('fromDomainTrade', () => {
  it.each<[string, Partial<Trade>]>([
    ['trade_time', { time: 1.5 }],
    ['aggregate_trade_id', { aggregateId: Number.NaN }],
    ['last_trade_id', { lastTradeId: 2 ** 53 }],
  ])('rejects a %s that is no safe integer', (field, overrides) => {
    const error = serdeErrorOf(() => fromDomainTrade({ ...domainTrade, ...overrides }, origin));
    expect(error.field).toBe(field);
  });

  it('rejects a fractional receive time', () => {
    expect(serdeErrorOf(() => fromDomainTrade(domainTrade, { ...origin, receiveTime: 0.5 })).field).toBe('receive_time');
  });
});
