import { describe, expect, it } from 'vitest';
import { candle } from '../testing/fixtures.js';
import { quoteElement } from './pg-array.js';
import { upsertParams } from './upsert.js';

describe('array literals', () => {
  it('quote free text and escape quotes and backslashes', () => {
    expect(['BTCUSDT', 'a"b', 'c\\d', 'x,y', '{}', ' ', '', 'NULL'].map(quoteElement).join(',')).toBe(
      '"BTCUSDT","a\\"b","c\\\\d","x,y","{}"," ","","NULL"',
    );
  });

  it('carry a batch as one literal per column, decimals bare and exactly as written', () => {
    const first = candle({ exchange: 'binance', symbol: 'A"B', openTime: 60_000, open: '0.00102300', closed: false });
    const second = candle({ exchange: 'binance', symbol: 'ETHUSDT', openTime: 120_000, firstTradeId: -1, lastTradeId: -1, tradeCount: 0 });
    const params = upsertParams([first, second]);
    expect(params).toHaveLength(18);
    expect(params.slice(0, 6)).toEqual(['{"binance","binance"}', '{"A\\"B","ETHUSDT"}', '{1m,1m}', '{60000,120000}', '{119999,179999}', '{0.00102300,100.00000000}']);
    expect(params.slice(13)).toEqual(['{42,0}', '{1000,-1}', '{1041,-1}', '{0,0}', '{f,t}']);
  });
});
