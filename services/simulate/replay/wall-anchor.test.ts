import { describe, expect, it } from 'vitest';
import type { RecordingSummary } from '../recording/summary.js';
import { LoopShift } from './loop-shift.js';
import { ReplayClock } from './replay-clock.js';
import { WallAnchor } from './wall-anchor.js';

const recording: RecordingSummary = {
  path: 'x',
  format: 'aggtrades-csv',
  symbols: [
    {
      symbol: 'BTCUSDT', kind: 'aggTrade', trades: 2, firstAggregateId: 1, lastAggregateId: 2, firstTradeId: 1, lastTradeId: 2,
      firstTime: 1_000, lastTime: 1_500, priceScale: 2, quantityScale: 2, maxPrice: '1',
    },
  ],
  trades: 2,
  firstTime: 1_000,
  lastTime: 1_500,
};

const recorded = { symbol: 'BTCUSDT', aggregateId: 1, firstTradeId: 1, lastTradeId: 1, price: '1', quantity: '1', time: 1_000, buyerIsMaker: true, line: 1 };

/** A simulator's wall clock replay as assemble.ts sets it up at wall time 50_000, paused. */
function setUp() {
  let now = 50_000;
  const wall = { now: () => now, advance: (ms: number) => (now += ms) };
  const assembledAt = now;
  const shift = new LoopShift(recording, assembledAt - recording.firstTime);
  const clock = new ReplayClock(wall.now, recording.firstTime + shift.baseShiftMs, 1, { paused: true });
  // assemble.ts's set-up takes time: a ms ticks between its steps, which must not put the clock ahead of the trades.
  wall.advance(1);
  const anchor = new WallAnchor(shift, clock, wall.now, assembledAt);
  return { wall, shift, clock, anchor };
}

describe('WallAnchor', () => {
  it('puts the first trade at the wall time the replay starts, however long start-up took', () => {
    const { wall, shift, clock, anchor } = setUp();
    wall.advance(750); // scanning, preloading, listening, or waiting paused for a resume
    anchor.starting();
    clock.resume();
    expect(shift.trade(recorded, 0).time).toBe(50_751);
    expect(shift.dueTime(recorded, 0)).toBe(50_751);
    expect(clock.now()).toBe(50_751);
    wall.advance(10);
    expect(clock.now()).toBe(50_761);
  });

  it('moves the timeline by each pause, so times stay on the wall clock after a resume', () => {
    const { wall, shift, clock, anchor } = setUp();
    anchor.starting();
    clock.resume();
    wall.advance(100);
    clock.pause();
    anchor.stopped();
    wall.advance(400);
    anchor.starting();
    clock.resume();
    expect(clock.now()).toBe(wall.now());
    expect(shift.baseShiftMs).toBe(50_000 - 1_000 + 1 + 400);
  });

  it('counts a pause once, however often pause and resume are repeated', () => {
    const { wall, shift, anchor } = setUp();
    anchor.starting();
    anchor.starting();
    wall.advance(100);
    anchor.stopped();
    wall.advance(100);
    anchor.stopped();
    wall.advance(100);
    anchor.starting();
    anchor.starting();
    expect(shift.baseShiftMs).toBe(50_000 - 1_000 + 1 + 200);
  });

  it('never moves a timeline back', () => {
    const { shift } = setUp();
    expect(() => shift.advance(-1)).toThrow('forward');
  });
});
