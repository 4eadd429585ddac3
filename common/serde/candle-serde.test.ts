import { toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { CandleSchema, type Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { fromDomainCandle, toDomainCandle } from './candle-mapping.js';
import { decodeCandle, encodeCandle } from './candle-serde.js';
import type { Candle } from './domain-candle.js';
import { SerdeError } from './errors.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const openTime = 1_718_000_040_000; // a minute boundary

const tradedCandle: Candle = {
  exchange: 'binance',
  symbol: 'BTCUSDT',
  interval: '1m',
  openTime,
  closeTime: openTime + MINUTE - 1,
  open: '64250.01000000',
  high: '64260.00000000',
  low: '64240.50000000',
  close: '64255.10000000',
  volume: '1.50000000',
  quoteVolume: '96382.51500000',
  takerBuyVolume: '0.75000000',
  takerBuyQuoteVolume: '48190.00000000',
  tradeCount: 12,
  firstTradeId: 5_000_000_001,
  lastTradeId: 5_000_000_012,
  closed: true,
  revision: 1,
};

/** Binance's kline for a minute without trades: flat at the previous close. */
const emptyCandle: Candle = {
  ...tradedCandle,
  open: '64255.10000000',
  high: '64255.10000000',
  low: '64255.10000000',
  close: '64255.10000000',
  volume: '0.00000000',
  quoteVolume: '0.00000000',
  takerBuyVolume: '0.00000000',
  takerBuyQuoteVolume: '0.00000000',
  tradeCount: 0,
  firstTradeId: -1,
  lastTradeId: -1,
  revision: 0,
};

const updateTime = openTime + MINUTE + 300;

function candleMessage(overrides: Partial<CandleMessage> = {}): CandleMessage {
  return { ...fromDomainCandle(tradedCandle, updateTime), ...overrides };
}

function serdeErrorOf(action: () => unknown): SerdeError {
  try {
    action();
  } catch (error) {
    if (error instanceof SerdeError) return error;
    throw error;
  }
  throw new Error('expected a SerdeError, nothing was thrown');
}

describe('encodeCandle / decodeCandle', () => {
  it.each([
    ['a traded final candle', tradedCandle],
    ['an empty flat candle', emptyCandle],
    ['a partial candle', { ...tradedCandle, closed: false, revision: 0 }],
  ])('round-trip %s, and its domain form', (_name, candle) => {
    const message = fromDomainCandle(candle, updateTime);
    const decoded = decodeCandle(encodeCandle(message));
    expect(decoded).toEqual(message);
    expect(decoded.updateTime).toBe(BigInt(updateTime));
    expect(toDomainCandle(decoded)).toEqual(candle);
  });

  it.each([
    ['February 2024 (29 days)', Date.UTC(2024, 1, 1), 29],
    ['February 2023 (28 days)', Date.UTC(2023, 1, 1), 28],
    ['April (30 days)', Date.UTC(2024, 3, 1), 30],
    ['a month at +08:00 (31 days)', Date.UTC(2024, 0, 1) - 8 * 3_600_000, 31],
  ])('accepts a 1M candle for %s', (_name, open, days) => {
    const message = candleMessage({ interval: '1M', openTime: BigInt(open), closeTime: BigInt(open + days * DAY - 1) });
    expect(decodeCandle(encodeCandle(message))).toEqual(message);
  });

  it('accepts every Binance interval with its length', () => {
    const lengths: Record<string, number> = { '1s': 1000, '3m': 3 * MINUTE, '4h': 4 * 3_600_000, '3d': 3 * DAY, '1w': 7 * DAY };
    for (const [interval, length] of Object.entries(lengths)) {
      const message = candleMessage({ interval, closeTime: BigInt(openTime + length - 1) });
      expect(decodeCandle(encodeCandle(message)).interval).toBe(interval);
    }
  });
});

describe('candle validation', () => {
  const empty = fromDomainCandle(emptyCandle, updateTime);
  it.each<[string, Partial<CandleMessage>]>([
    ['exchange', { exchange: '' }],
    ['symbol', { symbol: '' }],
    ['symbol', { symbol: 'btcusdt' }],
    ['interval', { interval: '7x' }],
    ['interval', { interval: '1H' }],
    ['interval', { interval: '' }],
    ['interval', { interval: 'toString' }],
    ['open_time', { openTime: BigInt(-MINUTE), closeTime: -1n }],
    ['close_time', { closeTime: BigInt(openTime + MINUTE) }],
    ['close_time', { closeTime: BigInt(openTime) }],
    ['close_time', { interval: '1M', closeTime: BigInt(openTime + 27 * DAY - 1) }],
    ['close_time', { interval: '1M', closeTime: BigInt(openTime + 32 * DAY - 1) }],
    ['open', { open: '1e5' }],
    ['high', { high: 'abc' }],
    ['low', { low: '-1' }],
    ['close', { close: '' }],
    ['low', { low: '64270.00000000' }],
    ['open', { open: '64260.00000001' }],
    ['close', { close: '64240.4' }],
    ['volume', { volume: '1.5e0' }],
    ['quote_volume', { quoteVolume: 'NaN' }],
    ['taker_buy_volume', { takerBuyVolume: '1.50000001' }],
    ['taker_buy_quote_volume', { takerBuyQuoteVolume: '96382.516' }],
    ['trade_count', { tradeCount: -1n }],
    ['trade_count', { tradeCount: 13n }],
    ['first_trade_id', { firstTradeId: -1n }],
    ['first_trade_id', { firstTradeId: -2n }],
    ['first_trade_id', { firstTradeId: 5_000_000_013n }],
    ['last_trade_id', { lastTradeId: 2n ** 53n }],
    ['volume', { volume: '0', takerBuyVolume: '0' }],
    ['update_time', { updateTime: -1n }],
  ])('rejects a bad %s: %o', (field, overrides) => {
    expectRejected(candleMessage(overrides), field);
  });

  it.each<[string, Partial<CandleMessage>]>([
    ['first_trade_id', { firstTradeId: 5n }],
    ['last_trade_id', { lastTradeId: 5n }],
    ['volume', { volume: '0.1' }],
    ['quote_volume', { quoteVolume: '0.1' }],
  ])('rejects an empty candle with a %s of a traded one: %o', (field, overrides) => {
    expectRejected({ ...empty, ...overrides }, field);
  });

  function expectRejected(bad: CandleMessage, field: string): void {
    const onEncode = serdeErrorOf(() => encodeCandle(bad));
    // Decode must reject what a foreign producer could send, so bypass encode's check.
    const onDecode = serdeErrorOf(() => decodeCandle(toBinary(CandleSchema, bad)));
    for (const error of [onEncode, onDecode]) {
      expect(error.code).toBe('invalid-field');
      expect(error.field).toBe(field);
      expect(error.message).toMatch(new RegExp(`^wick\\.v1\\.Candle\\.${field}: `));
    }
  }

  it('explains an interval mismatch', () => {
    const error = serdeErrorOf(() => encodeCandle(candleMessage({ interval: '7x' })));
    expect(error.message).toBe('wick.v1.Candle.interval: "7x" is not a Binance interval');
  });

  it('rejects malformed bytes', () => {
    const error = serdeErrorOf(() => decodeCandle(new Uint8Array([0x0a, 0x05, 0x41])));
    expect(error.code).toBe('malformed-bytes');
    expect(error.message).toMatch(/^wick\.v1\.Candle: not a protobuf wick\.v1\.Candle: /);
  });
});

describe('candle mapping', () => {
  it('rejects an interval the domain type cannot hold', () => {
    expect(serdeErrorOf(() => toDomainCandle(candleMessage({ interval: '7m' }))).field).toBe('interval');
  });

  it.each<[string, Partial<Candle>, number]>([
    ['open_time', { openTime: 1.5 }, updateTime],
    ['trade_count', { tradeCount: Number.POSITIVE_INFINITY }, updateTime],
    ['revision', { revision: -1 }, updateTime],
    ['revision', { revision: 2 ** 32 }, updateTime],
    ['update_time', {}, Number.NaN],
  ])('rejects a domain %s that protobuf cannot carry exactly', (field, overrides, time) => {
    expect(serdeErrorOf(() => fromDomainCandle({ ...tradedCandle, ...overrides }, time)).field).toBe(field);
  });
});
