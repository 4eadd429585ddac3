import { describe, expect, it } from 'vitest';
import { candlesOf } from '../candle-columns.js';
import { StoreError } from '../errors.js';
import { candle } from '../testing/fixtures.js';
import { candleLine } from '../testing/candle-columns.js';
import { lineRowsFromStrings } from './line-rows.js';
import { candleColumns } from './rows.js';

const key = { exchange: 'binance', symbol: 'BTCUSDT', interval: '1m' } as const;
const T0 = 1_700_000_040_000;
const minutes = [0, 1, 2].map((minute) => candle({ ...key, openTime: T0 + minute * 60_000, firstTradeId: minute === 1 ? -1 : 7, lastTradeId: minute === 1 ? -1 : 9 }));

describe('candleColumns', () => {
  it('decodes lines into the candles they were written from', () => {
    const columns = candleColumns(key, lineRowsFromStrings(minutes.map(candleLine)), 10, false);
    expect(columns.length).toBe(3);
    expect(candlesOf(columns)).toEqual(minutes);
  });

  it('takes the first `count` rows, and turns rows given newest first to oldest first', () => {
    const newestFirst = [...minutes].reverse().map(candleLine);
    expect(candlesOf(candleColumns(key, lineRowsFromStrings(newestFirst), 2, true))).toEqual(minutes.slice(1));
  });

  it.each([
    ['a missing field', '1,2,3'],
    ['an integer with a fraction', candleLine(minutes[0]!).replace(/,42,/, ',4.2,')],
    ['an integer beyond 2^53', candleLine(minutes[0]!).replace(/,42,/, ',9007199254740993,')],
    ['an empty integer', candleLine(minutes[0]!).replace(/,42,/, ',,')],
    ['an empty decimal', candleLine(minutes[0]!).replace(/^(\d+,\d+,)[^,]+/, '$1')],
  ])('rejects %s', (_, line) => {
    expect(() => candleColumns(key, lineRowsFromStrings([line]), 1, false)).toThrow(StoreError);
  });
});
