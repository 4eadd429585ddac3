import { describe, expect, it } from 'vitest';
import { detectFromFileName, detectFromLine, symbolFromFileName } from './detect.js';

describe('detectFromLine', () => {
  it('recognises spot aggTrades rows (8 columns) and headers', () => {
    expect(detectFromLine('13519807,0.00141342,23.00000000,15373518,15373518,1570752011620,True,True')).toBe('aggtrades-csv');
    expect(
      detectFromLine('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match'),
    ).toBe('aggtrades-csv');
  });

  it('tells 7-column futures aggTrades from 7-column spot trades by the sixth field', () => {
    expect(detectFromLine('52599685,49966.7,0.001,64902163,64902163,1618677448084,false')).toBe('aggtrades-csv');
    expect(detectFromLine('745522877,58001.03,0.086205,4999.97,1617566591314,true,true')).toBe('trades-csv');
  });

  it('recognises trades rows (6 or 7 columns) and headers', () => {
    expect(detectFromLine('745522877,58001.03,0.086205,4999.97,1617566591314,true')).toBe('trades-csv');
    expect(detectFromLine('id,price,qty,quote_qty,time,is_buyer_maker,is_best_match')).toBe('trades-csv');
  });

  it('recognises JSON frames, enveloped or raw', () => {
    expect(detectFromLine('{"recv_ts":"1","stream":"btcusdt@aggTrade","data":{}}')).toBe('ws-jsonl');
    expect(detectFromLine('  {"e":"trade"}')).toBe('ws-jsonl');
    expect(detectFromLine('[{"e":"24hrTicker"}]')).toBe('ws-jsonl');
  });

  it('decides nothing for lines of no known layout', () => {
    expect(detectFromLine('hello world')).toBeUndefined();
    expect(detectFromLine('1,2,3')).toBeUndefined();
    expect(detectFromLine('1,2,3,4,5,x,7')).toBeUndefined();
  });
});

describe('file name hints', () => {
  it('reads data.binance.vision names', () => {
    expect(detectFromFileName('/data/BTCUSDT-aggTrades-2025-01-01.csv')).toBe('aggtrades-csv');
    expect(detectFromFileName('BTCUSDT-trades-2025-01.csv')).toBe('trades-csv');
    expect(detectFromFileName('spot.jsonl')).toBe('ws-jsonl');
    expect(detectFromFileName('notes.txt')).toBeUndefined();
  });

  it('takes the symbol from data.binance.vision names only', () => {
    expect(symbolFromFileName('/x/XRPETH-aggTrades.csv')).toBe('XRPETH');
    expect(symbolFromFileName('btcusdt-trades-2024-12-31.csv')).toBe('BTCUSDT');
    expect(symbolFromFileName('trades.csv')).toBeUndefined();
    expect(symbolFromFileName('my-data.csv')).toBeUndefined();
  });
});
