import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from './domain.js';
import { resolveBatch, supersedes } from './precedence.js';
import { candle } from './testing/fixtures.js';

const base = candle({ exchange: 'binance', symbol: 'BTCUSDT', openTime: 1_700_000_040_000 });
const version = (revision: number, closed: boolean, tradeCount: number): Candle => ({ ...base, revision, closed, tradeCount });

describe('supersedes', () => {
  it.each([
    ['a higher revision final over a final', version(1, true, 5), version(0, true, 9), true],
    ['a lower revision final over a final', version(0, true, 9), version(1, true, 5), false],
    ['the same final again', version(0, true, 5), version(0, true, 5), false],
    ['a final over a partial of the same revision', version(0, true, 5), version(0, false, 5), true],
    ['a partial over a final of the same revision', version(0, false, 9), version(0, true, 5), false],
    ['a partial over a final of a lower revision', version(2, false, 9), version(1, true, 5), false],
    ['a partial with more trades over a partial', version(0, false, 6), version(0, false, 5), true],
    ['a partial with as many trades over a partial', version(0, false, 5), version(0, false, 5), false],
    ['a partial with fewer trades over a partial', version(0, false, 4), version(0, false, 5), false],
    ['a higher revision partial over a partial with more trades', version(1, false, 1), version(0, false, 5), true],
  ])('%s: %s', (_name, next, stored, expected) => {
    expect(supersedes(next, stored)).toBe(expected);
  });
});

describe('resolveBatch', () => {
  const versions = fc.record({ revision: fc.integer({ min: 0, max: 3 }), closed: fc.boolean(), tradeCount: fc.integer({ min: 0, max: 5 }) })
    .map(({ revision, closed, tradeCount }) => version(revision, closed, tradeCount));

  it('keeps what applying the versions one by one would keep', () => {
    fc.assert(fc.property(fc.array(versions, { minLength: 1, maxLength: 12 }), (batch) => {
      let kept = batch[0] as Candle;
      for (const next of batch.slice(1)) if (supersedes(next, kept)) kept = next;
      expect(resolveBatch(batch)).toEqual([kept]);
    }));
  });

  it('keeps one candle per key, sorted by exchange, symbol, interval and open time', () => {
    const at = (symbol: string, openTime: number, interval: Candle['interval'] = '1m') => ({ ...base, symbol, openTime, interval });
    const resolved = resolveBatch([at('ETH', 2), at('BTC', 3), at('BTC', 1), at('ETH', 2), at('BTC', 1, '1h')]);
    expect(resolved.map((c) => `${c.symbol} ${c.interval} ${c.openTime}`)).toEqual(['BTC 1h 1', 'BTC 1m 1', 'BTC 1m 3', 'ETH 1m 2']);
  });
});
