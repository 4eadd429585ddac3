import { describe, expect, it } from 'vitest';
import { SimulatorError } from '../errors.js';
import { temporaryFile, SPOT_JSONL, XRPETH_AGG_TRADES } from '../testing/paths.js';
import { scanRecording } from './scan.js';

async function scanText(name: string, text: string, options: { symbol?: string } = {}) {
  const file = temporaryFile(name, text);
  try {
    return await scanRecording(file.path, options);
  } finally {
    file.remove();
  }
}

describe('scanRecording', () => {
  it('summarises XRPETH 2019-10: ids, times and precisions', async () => {
    const summary = await scanRecording(XRPETH_AGG_TRADES);
    expect(summary).toMatchObject({ format: 'aggtrades-csv', trades: 12_477, firstTime: 1570752011620, lastTime: 1570965568844 });
    expect(summary.symbols).toEqual([
      {
        symbol: 'XRPETH',
        kind: 'aggTrade',
        trades: 12_477,
        firstAggregateId: 13519807,
        lastAggregateId: 13532283,
        firstTradeId: 15373518,
        lastTradeId: 15388189,
        firstTime: 1570752011620,
        lastTime: 1570965568844,
        priceScale: 8,
        quantityScale: 0,
        maxPrice: '0.00154262',
      },
    ]);
  });

  it('tells each symbol of a WebSocket recording by the stream it came from', async () => {
    const summary = await scanRecording(SPOT_JSONL);
    expect(summary.symbols.map((symbol) => [symbol.symbol, symbol.kind])).toEqual([['BTCUSDT', 'aggTrade'], ['DOTUSDT', 'aggTrade'], ['ETHUSDT', 'aggTrade']]);
    // The last event (a kline) is later than the last trade: a loop spans to it.
    expect(summary.lastTime).toBeGreaterThanOrEqual(Math.max(...summary.symbols.map((symbol) => symbol.lastTime)));
    const mixed = await scanText(
      'mixed.jsonl',
      [
        '{"stream":"bnbbtc@trade","data":{"e":"trade","E":2,"s":"BNBBTC","t":7,"p":"0.001","q":"100","T":1,"m":true,"M":true}}',
        '{"stream":"ethbtc@aggTrade","data":{"e":"aggTrade","E":3,"s":"ETHBTC","a":5,"p":"0.05","q":"1","f":9,"l":10,"T":3,"m":false,"M":true}}',
      ].join('\n'),
    );
    expect(mixed.symbols.map((symbol) => [symbol.symbol, symbol.kind, symbol.priceScale])).toEqual([['BNBBTC', 'trade', 3], ['ETHBTC', 'aggTrade', 2]]);
  });

  it('refuses ids or times out of order, naming the line', async () => {
    const rows = (ids: number[], times: number[]) => ids.map((id, index) => `${id},1.0,1.0,${id * 10},${id * 10},${times[index]},true,true`).join('\n');
    await expect(scanText('XRPETH-aggTrades-x.csv', rows([1, 2, 2], [1, 2, 3]))).rejects.toThrow(/XRPETH-aggTrades-x\.csv:3: trade id 2 of XRPETH does not follow 2/);
    await expect(scanText('XRPETH-aggTrades-x.csv', rows([1, 2, 3], [5, 6, 4]))).rejects.toThrow(/:3: trade time 4 of XRPETH is before the previous trade's 6/);
    await expect(scanText('XRPETH-aggTrades-x.csv', rows([1, 2, 3], [5, 6, 4]))).rejects.toBeInstanceOf(SimulatorError);
  });

  it('needs a symbol when the file name does not tell it, and trades', async () => {
    const row = '1,1.0,1.0,10,10,1000,true,true';
    await expect(scanText('trades.csv', row)).rejects.toThrow('pass --symbol');
    expect((await scanText('trades.csv', row, { symbol: 'XRPETH' })).symbols[0]?.symbol).toBe('XRPETH');
    await expect(scanText('XRPETH-aggTrades-x.csv', '')).rejects.toThrow('holds no trades');
  });
});
