import { describe, expect, it } from 'vitest';
import type { RecordedTrade } from '../../../common/recordings/recorded-trade.js';
import type { RecordingSummary, SymbolSummary } from '../recording/summary.js';
import { LoopShift } from './loop-shift.js';

const symbol = (name: string, firstAggregateId: number, lastAggregateId: number, firstTradeId: number, lastTradeId: number): SymbolSummary => ({
  symbol: name,
  kind: 'aggTrade',
  trades: lastAggregateId - firstAggregateId + 1,
  firstAggregateId,
  lastAggregateId,
  firstTradeId,
  lastTradeId,
  firstTime: 1_000,
  lastTime: 1_999,
  priceScale: 8,
  quantityScale: 8,
  maxPrice: '1',
});

const recording: RecordingSummary = {
  path: 'x',
  format: 'ws-jsonl',
  symbols: [symbol('BTCUSDT', 10, 19, 100, 149), symbol('ETHUSDT', 500, 501, 7_000, 7_001)],
  trades: 12,
  firstTime: 1_000,
  lastTime: 2_049,
};

const trade = (overrides: Partial<RecordedTrade>): RecordedTrade => ({
  symbol: 'BTCUSDT', aggregateId: 10, firstTradeId: 100, lastTradeId: 104, price: '1.5', quantity: '2', time: 1_000, buyerIsMaker: true, line: 1, ...overrides,
});

describe('LoopShift', () => {
  it('leaves the first pass as recorded (plus the base shift)', () => {
    expect(new LoopShift(recording, 0).trade(trade({}), 0)).toEqual({
      symbol: 'BTCUSDT', kind: 'aggTrade', aggregateId: 10, firstTradeId: 100, lastTradeId: 104, price: '1.5', quantity: '2', time: 1_000, buyerIsMaker: true,
    });
    expect(new LoopShift(recording, 5_000).trade(trade({}), 0).time).toBe(6_000);
  });

  it('continues each symbol\'s ids and the times in later passes', () => {
    const shift = new LoopShift(recording, 0);
    expect(shift.timeSpanMs).toBe(1_050);
    expect(shift.trade(trade({}), 2)).toMatchObject({ aggregateId: 30, firstTradeId: 200, lastTradeId: 204, time: 3_100 });
    expect(shift.trade(trade({ symbol: 'ETHUSDT', aggregateId: 500, firstTradeId: 7_000, lastTradeId: 7_000 }), 1)).toMatchObject({
      aggregateId: 502,
      firstTradeId: 7_002,
    });
  });

  it('schedules by the recorded event time when there is one', () => {
    const shift = new LoopShift(recording, 0);
    expect(shift.dueTime(trade({ time: 1_000, eventTime: 1_004 }), 1)).toBe(2_054);
    expect(shift.dueTime(trade({ time: 1_000 }), 0)).toBe(1_000);
  });
});
