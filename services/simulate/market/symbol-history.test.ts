import { describe, expect, it } from 'vitest';
import type { SimTrade } from './sim-trade.js';
import { SymbolHistory } from './symbol-history.js';

const trade = (id: number): SimTrade => ({
  symbol: 'XRPETH', kind: 'aggTrade', aggregateId: id, firstTradeId: id * 2, lastTradeId: id * 2 + 1, price: `0.${id}`, quantity: '1', time: 1_000 + Math.floor(id / 3), buyerIsMaker: id % 2 === 0,
});

describe('SymbolHistory', () => {
  it('returns what was appended and finds trades by id and time', () => {
    const history = new SymbolHistory('XRPETH', 'aggTrade', 1_000_000);
    for (let id = 10; id < 10_010; id++) history.append(trade(id));
    expect(history.size).toBe(10_000);
    expect(history.at(0)).toEqual(trade(10));
    expect(history.at(9_999)).toEqual(trade(10_009));
    expect(history.last()).toEqual(trade(10_009));
    expect(history.indexOfId(5_000)).toBe(4_990);
    expect(history.indexOfId(0)).toBe(0);
    expect(history.indexOfId(20_000)).toBe(10_000);
    // Times 1000 + floor(id / 3): ids 12..14 share time 1004.
    expect(history.indexOfTime(1_004)).toBe(2);
    expect(history.indexAfterTime(1_004)).toBe(5);
  });

  it('forgets the oldest trades, a chunk at a time, past its limit', () => {
    const history = new SymbolHistory('XRPETH', 'aggTrade', 5_000);
    for (let id = 0; id < 20_000; id++) history.append(trade(id));
    expect(history.size).toBeGreaterThanOrEqual(5_000);
    expect(history.size).toBeLessThan(5_000 + 4_096);
    expect(history.last()).toEqual(trade(19_999));
    const oldest = history.at(0).aggregateId;
    expect(oldest).toBe(20_000 - history.size);
    expect(history.indexOfId(0)).toBe(0);
  });

  it('is empty to begin with', () => {
    const history = new SymbolHistory('XRPETH', 'trade', 10);
    expect(history.size).toBe(0);
    expect(history.last()).toBeUndefined();
    expect(history.indexOfTime(0)).toBe(0);
  });
});
