import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleSchema, type Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { encodeDomainCandle } from './candle-domain-serde.js';
import { fromDomainCandle, toDomainCandle } from './candle-mapping.js';
import { decodeCandle, encodeCandle } from './candle-serde.js';
import { CANDLE_TYPE, validateCandle } from './candle-validation.js';
import { compareDecimals, isCanonicalDecimal } from './decimal.js';
import type { Candle } from './domain-candle.js';
import { SerdeError } from './errors.js';
import { INTERVAL_NAMES, possibleLengthsMs, type IntervalName } from './interval-names.js';
import { anyInt64, anyString, plausibleDecimal, plausibleInteger, protobufLikeBytes, serdeOutcome } from './testing/wire-arbitraries.js';

// encodeDomainCandle must behave exactly like the long way through the
// protobuf message: same bytes for a valid candle, same SerdeError otherwise.

const decimals = (count: number) => fc.array(plausibleDecimal.filter(isCanonicalDecimal), { minLength: count, maxLength: count });
const byValue = (a: string, b: string) => compareDecimals(a, b);

/** Candles that pass validation: consistent times, prices, volumes and ids. */
const validCandle: fc.Arbitrary<Candle> = fc
  .record({
    interval: fc.constantFrom(...INTERVAL_NAMES),
    openTime: fc.integer({ min: 0, max: 2 ** 42 }),
    prices: decimals(4),
    volumes: decimals(2),
    quoteVolumes: decimals(2),
    firstTradeId: fc.integer({ min: 0, max: 2 ** 40 }),
    span: fc.integer({ min: 0, max: 1_000 }),
    empty: fc.boolean(),
    closed: fc.boolean(),
    revision: fc.nat({ max: 2 ** 32 - 1 }),
    symbol: fc.constantFrom('BTCUSDT', '币安人生USDT'),
  })
  .map((draw): Candle => {
    const interval: IntervalName = draw.interval;
    const [low, open, close, high] = draw.prices.slice().sort(byValue) as [string, string, string, string];
    const [takerBuyVolume, volume] = draw.volumes.slice().sort(byValue) as [string, string];
    const [takerBuyQuoteVolume, quoteVolume] = draw.quoteVolumes.slice().sort(byValue) as [string, string];
    const length = possibleLengthsMs(interval)[0] as number;
    const traded = !draw.empty && !/^[0.]*$/.test(volume);
    return {
      exchange: 'binance',
      symbol: draw.symbol,
      interval,
      openTime: draw.openTime,
      closeTime: draw.openTime + length - 1,
      open,
      high,
      low,
      close,
      volume: traded ? volume : '0',
      quoteVolume: traded ? quoteVolume : '0',
      takerBuyVolume: traded ? takerBuyVolume : '0',
      takerBuyQuoteVolume: traded ? takerBuyQuoteVolume : '0',
      tradeCount: traded ? draw.span + 1 : 0,
      firstTradeId: traded ? draw.firstTradeId : -1,
      lastTradeId: traded ? draw.firstTradeId + draw.span : -1,
      closed: draw.closed,
      revision: draw.revision,
    };
  });

/** Valid candles with, now and then, one field replaced by something that may be invalid. */
const candle: fc.Arbitrary<Candle> = fc.oneof(
  validCandle,
  fc
    .tuple(validCandle, fc.constantFrom('openTime', 'closeTime', 'tradeCount', 'firstTradeId', 'lastTradeId', 'revision'), plausibleInteger)
    .map(([valid, field, value]) => ({ ...valid, [field]: value })),
  fc
    .tuple(validCandle, fc.constantFrom('open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'takerBuyVolume', 'takerBuyQuoteVolume'), plausibleDecimal)
    .map(([valid, field, value]) => ({ ...valid, [field]: value })),
  fc
    .tuple(validCandle, fc.constantFrom('exchange', 'symbol', 'interval'), fc.constantFrom('', 'Binance', 'btcusdt', '7x', '1H'))
    .map(([valid, field, value]) => ({ ...valid, [field]: value }) as Candle),
);

const updateTime = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 2 ** 42 }) }, { weight: 1, arbitrary: plausibleInteger });

describe('encodeDomainCandle', () => {
  it('writes what encodeCandle(fromDomainCandle(...)) writes, and throws what it throws', () => {
    let valid = 0;
    fc.assert(
      fc.property(candle, updateTime, (domain, time) => {
        const fast = serdeOutcome(() => Buffer.from(encodeDomainCandle(domain, time)));
        const reference = serdeOutcome(() => {
          const message = fromDomainCandle(domain, time);
          validateCandle(message);
          return Buffer.from(toBinary(CandleSchema, message));
        });
        expect(fast).toStrictEqual(reference);
        expect(serdeOutcome(() => Buffer.from(encodeCandle(fromDomainCandle(domain, time))))).toStrictEqual(reference);
        if ('value' in fast) valid += 1;
      }),
      { numRuns: 5_000 },
    );
    // The property means little unless both outcomes occur often.
    expect(valid).toBeGreaterThan(1_000);
    expect(valid).toBeLessThan(4_900);
  });

  it('round-trips a valid candle through decodeCandle', () => {
    fc.assert(
      fc.property(validCandle, fc.integer({ min: 0, max: 2 ** 42 }), (domain, time) => {
        const decoded = decodeCandle(encodeDomainCandle(domain, time));
        expect(toDomainCandle(decoded)).toStrictEqual(domain);
        expect(decoded.updateTime).toBe(BigInt(time));
      }),
      { numRuns: 1_000 },
    );
  });
});

/** decodeCandle as it was built on the generated code. */
function referenceDecodeCandle(bytes: Uint8Array): CandleMessage {
  let message: CandleMessage;
  try {
    message = fromBinary(CandleSchema, bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', CANDLE_TYPE, '', `not a protobuf ${CANDLE_TYPE}: ${String(cause)}`, { cause });
  }
  validateCandle(message);
  return message;
}

/** Candle payloads: valid ones, impossible ones, any field values, and bytes that are no candle at all. */
const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(candle, updateTime).map(([domain, time]) => {
    const message = serdeOutcome(() => fromDomainCandle(domain, time));
    return 'value' in message ? toBinary(CandleSchema, message.value) : new Uint8Array();
  }),
  fc
    .record({ exchange: anyString, symbol: anyString, interval: fc.oneof(anyString, fc.constantFrom('1m', '1M')), openTime: anyInt64, closeTime: anyInt64, open: anyString, tradeCount: anyInt64, firstTradeId: anyInt64, lastTradeId: anyInt64, revision: fc.nat({ max: 2 ** 32 - 1 }), updateTime: anyInt64 })
    .map((init) => toBinary(CandleSchema, create(CandleSchema, init))),
  protobufLikeBytes,
  fc.uint8Array({ maxLength: 96 }),
);

describe('decodeCandle', () => {
  it('accepts, returns and rejects what fromBinary plus validation does, and only ever throws a SerdeError', () => {
    fc.assert(
      fc.property(payload, (bytes) => {
        // serdeOutcome rethrows anything but a SerdeError, which fails the property.
        expect(serdeOutcome(() => decodeCandle(bytes), false)).toStrictEqual(serdeOutcome(() => referenceDecodeCandle(bytes), false));
      }),
      { numRuns: 5_000 },
    );
  });
});
