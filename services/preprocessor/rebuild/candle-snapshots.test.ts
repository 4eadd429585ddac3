import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../common/candles/candle.js';
import { candleSnapshotOf, scalesOf, seenFrom } from './candle-snapshots.js';

const candle = (openTime: number, first: number, last: number, overrides: Partial<Candle> = {}): Candle => ({
  exchange: 'binance', symbol: 'XRPETH', interval: '1m', openTime, closeTime: openTime + 59_999,
  open: '0.00141342', high: '0.00141400', low: '0.00141200', close: '0.00141300',
  volume: '23.00000000', quoteVolume: '0.03250866', takerBuyVolume: '0.00000000', takerBuyQuoteVolume: '0.00000000',
  tradeCount: first < 0 ? 0 : last - first + 1, firstTradeId: first, lastTradeId: last, closed: true, revision: 0, ...overrides,
});

describe('seenFrom', () => {
  it('merges the id ranges of candles, overlapping (5m over 1m) and adjacent, and skips flat candles', () => {
    const seen = seenFrom([
      candle(0, 10, 12),
      candle(60_000, 13, 15),
      candle(120_000, -1, -1),
      candle(0, 10, 20, { interval: '5m', closeTime: 299_999 }),
      candle(600_000, 30, 31),
    ]);
    expect(seen).toEqual({ maxId: 31, ranges: [[10, 20, 299_999], [30, 31, 659_999]] });
    expect(seenFrom([candle(0, -1, -1)])).toEqual({ maxId: -1, ranges: [] });
  });
});

describe('scalesOf', () => {
  it('reads the price and quantity scales the candles were written with', () => {
    expect(scalesOf([candle(0, 1, 1), candle(60_000, 2, 2, { close: '0.0014130000', volume: '23.0' })])).toEqual({ price: 10, quantity: 8 });
    expect(scalesOf([])).toEqual({ price: 0, quantity: 0 });
  });
});

describe('candleSnapshotOf', () => {
  it('keeps every field as written and takes the given revision', () => {
    const stored = candle(0, 10, 12, { revision: 3 });
    expect(candleSnapshotOf(stored, -1)).toEqual({
      openTime: 0, closeTime: 59_999, tradeCount: 3, firstTradeId: 10, lastTradeId: 12,
      open: stored.open, high: stored.high, low: stored.low, close: stored.close,
      volume: stored.volume, quoteVolume: stored.quoteVolume, takerBuyVolume: stored.takerBuyVolume, takerBuyQuoteVolume: stored.takerBuyQuoteVolume,
      revision: -1,
    });
  });
});
