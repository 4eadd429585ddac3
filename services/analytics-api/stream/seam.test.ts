import { describe, expect, it } from 'vitest';
import { describeCandles, live } from '../testing/live-candles.js';
import { planSeam } from './seam.js';

const finals = (from: number, to: number, tradeCount = 3) => Array.from({ length: to - from + 1 }, (_, i) => live(from + i, tradeCount, true));

describe('planSeam', () => {
  it('sends the newest stored finals, then the running partial', () => {
    const plan = planSeam(finals(0, 9), [...finals(5, 9), live(10, 4, false)], 3);
    expect(describeCandles(plan.history)).toEqual(['7F0', '8F0', '9F0']);
    expect(describeCandles(plan.partial === undefined ? [] : [plan.partial])).toEqual(['10P4']);
  });

  it('takes finals the feed has and the store has not yet into the history', () => {
    const plan = planSeam(finals(0, 7), [...finals(5, 9), live(10, 1, false)], 4);
    expect(describeCandles(plan.history)).toEqual(['6F0', '7F0', '8F0', '9F0']);
  });

  it('takes the higher revision of a candle from either side', () => {
    const plan = planSeam([...finals(0, 8), live(9, 4, true, { revision: 2 })], [live(8, 5, true, { revision: 1 }), live(9, 3, true, { revision: 1 })], 2);
    expect(describeCandles(plan.history)).toEqual(['8F1', '9F2']);
  });

  it('filters live updates the history already covers, whichever side was ahead', () => {
    const plan = planSeam(finals(0, 9), [], 5);
    expect(plan.partial).toBeUndefined();
    // The store was ahead of the feed: these arrive after the seam.
    expect(plan.filter.admit(live(9, 2, false))).toBe(false);
    expect(plan.filter.admit(live(9, 3, true))).toBe(false);
    expect(plan.filter.admit(live(9, 4, true, { revision: 1 }))).toBe(true);
    expect(plan.filter.admit(live(9, 4, true, { revision: 1 }))).toBe(false);
    expect(plan.filter.admit(live(10, 1, false))).toBe(true);
    expect(plan.filter.admit(live(3, 3, true, { revision: 1 }))).toBe(true);
  });

  it('with no history sends only the running partial and passes every live update', () => {
    const plan = planSeam([], [...finals(0, 4), live(5, 2, false)], 0);
    expect(plan.history).toEqual([]);
    expect(describeCandles(plan.partial === undefined ? [] : [plan.partial])).toEqual(['5P2']);
    expect(plan.filter.admit(live(5, 3, false))).toBe(true);
    expect(plan.filter.admit(live(4, 3, true, { revision: 1 }))).toBe(true);
  });

  it('sends no partial for a candle the history closed', () => {
    const plan = planSeam(finals(0, 10), [live(10, 2, false)], 3);
    expect(plan.partial).toBeUndefined();
  });
});
