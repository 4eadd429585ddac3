import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AggTradeFrameReader } from './aggtrade-frame-reader.js';
import { parseFrame, parseFrameBytes } from './aggtrade-mapper.js';

// The direct reader must give exactly what JSON.parse and the mapper give,
// for every frame it accepts, and accept Binance's usual frames.

const DOC_FRAME = '{"stream":"bnbbtc@aggTrade","data":{"e":"aggTrade","E":1672515782136,"s":"BNBBTC","a":12345,"p":"0.001","q":"100","f":100,"l":105,"T":1672515782136,"m":true,"M":true}}';

/** Values a field could hold: mostly what Binance sends, sometimes anything JSON can carry. */
const integerish = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 2 ** 45 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 1.5, 1e15 - 1, 1e15, 2 ** 53, 2 ** 60, 1e21, -0) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.boolean(), fc.constant(null)) },
);
const stringish = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('0.00102300', '100', '23.00000000', '') },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null)) },
);
const symbolish = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('BNBBTC', 'XRPETH', '币安人生USDT', 'A"B', 'A\\B') }, { weight: 1, arbitrary: stringish });
const booleanish = fc.oneof({ weight: 30, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom(0, 'true', null) });

const event = fc.record({
  e: fc.oneof({ weight: 30, arbitrary: fc.constant('aggTrade') }, { weight: 1, arbitrary: fc.constantFrom('trade', 'kline', '') }),
  E: integerish,
  s: symbolish,
  a: integerish,
  p: stringish,
  q: stringish,
  f: integerish,
  l: integerish,
  T: integerish,
  m: booleanish,
  M: booleanish,
});

/** JSON text of frames as Binance writes them, and variations: reordered, missing or extra keys, spacing, raw events. */
const frameText = fc
  .tuple(
    event,
    fc.oneof({ weight: 5, arbitrary: fc.constant('xrpeth@aggTrade') }, { weight: 1, arbitrary: fc.string() }),
    fc.oneof({ weight: 12, arbitrary: fc.constant('exact') }, { weight: 1, arbitrary: fc.constantFrom('raw-event', 'shuffled', 'dropped-key', 'extra-key', 'spaced', 'trailing-space') }),
    fc.nat(),
  )
  .map(([data, stream, variation, seed]) => {
    const keys = Object.keys(data);
    if (variation === 'raw-event') return JSON.stringify(data);
    if (variation === 'shuffled') keys.push(keys.splice(seed % keys.length, 1)[0] as string);
    if (variation === 'dropped-key') keys.splice(seed % keys.length, 1);
    const ordered = Object.fromEntries(keys.map((key) => [key, data[key as keyof typeof data]]));
    if (variation === 'extra-key') (ordered as Record<string, unknown>).x = 1;
    const text = JSON.stringify({ stream, data: ordered }, undefined, variation === 'spaced' ? 1 : undefined);
    return variation === 'trailing-space' ? `${text} ` : text;
  });

/** Frames as bytes, sometimes damaged: a byte changed, cut short, or one inserted. */
const frameBytes = fc.tuple(frameText, fc.oneof({ weight: 3, arbitrary: fc.constant('keep') }, { weight: 1, arbitrary: fc.constantFrom('flip', 'cut', 'insert') }), fc.nat(), fc.nat(255)).map(([text, damage, position, byte]) => {
  const bytes = [...Buffer.from(text, 'utf8')];
  const at = position % (bytes.length + 1);
  if (damage === 'flip' && at < bytes.length) bytes[at] = byte;
  if (damage === 'cut') bytes.length = at;
  if (damage === 'insert') bytes.splice(at, 0, byte);
  return Buffer.from(bytes);
});

describe('AggTradeFrameReader', () => {
  it('reads the documented frame as parseFrame does', () => {
    const reader = new AggTradeFrameReader();
    expect(reader.read(Buffer.from(DOC_FRAME))).toStrictEqual(parseFrame(DOC_FRAME));
    expect(parseFrame(DOC_FRAME).kind).toBe('trade');
  });

  it('gives exactly parseFrame\'s result for every frame it accepts, and leaves the rest to it', () => {
    const reader = new AggTradeFrameReader();
    let accepted = 0;
    fc.assert(
      fc.property(frameBytes, (bytes) => {
        const direct = reader.read(bytes);
        const viaJson = parseFrame(bytes.toString('utf8'));
        if (direct !== undefined) {
          accepted += 1;
          expect(direct).toStrictEqual(viaJson);
        }
        expect(parseFrameBytes(bytes)).toStrictEqual(viaJson);
      }),
      { numRuns: 20_000 },
    );
    // Meaningless unless a good share of frames takes the direct way.
    expect(accepted).toBeGreaterThan(1_000);
  });

  it.each([
    ['whitespace', DOC_FRAME.replace('"a":', '"a": ')],
    ['an escaped char', DOC_FRAME.replace('"BNBBTC"', '"BNB\\u0042TC"')],
    ['a fraction', DOC_FRAME.replace('"a":12345', '"a":12345.0')],
    ['an exponent', DOC_FRAME.replace('"a":12345', '"a":12345e0')],
    ['a leading zero', DOC_FRAME.replace('"a":12345', '"a":012345')],
    ['16 digits', DOC_FRAME.replace('"a":12345', '"a":1234567890123456')],
    ['a zero event time', DOC_FRAME.replace('"E":1672515782136', '"E":0')],
    ['an empty symbol', DOC_FRAME.replace('"BNBBTC"', '""')],
    ['a missing "M"', DOC_FRAME.replace(',"M":true', '')],
    ['trailing bytes', `${DOC_FRAME}\n`],
    ['a non-ASCII symbol', DOC_FRAME.replace('"BNBBTC"', '"币安人生USDT"')],
  ])('leaves a frame with %s to JSON.parse, which still reads it right', (_name, text) => {
    expect(new AggTradeFrameReader().read(Buffer.from(text))).toBeUndefined();
    expect(parseFrameBytes(Buffer.from(text))).toStrictEqual(parseFrame(text));
  });

  it('tells symbols with the same hash slot apart', () => {
    const reader = new AggTradeFrameReader();
    const symbols = Array.from({ length: 2_000 }, (_, i) => `S${i}`);
    for (const symbol of [...symbols, ...symbols]) {
      const frame = reader.read(Buffer.from(DOC_FRAME.replace('"BNBBTC"', `"${symbol}"`)));
      expect(frame?.trade.symbol).toBe(symbol);
    }
  });
});
