import { describe, expect, it } from 'vitest';
import { describeCandles, live } from '../testing/live-candles.js';
import { OutboundQueue, type OutboundItem } from './outbound-queue.js';

function drain(queue: OutboundQueue): OutboundItem[] {
  const items: OutboundItem[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) items.push(item);
  return items;
}

const candlesOf = (items: readonly OutboundItem[]) => describeCandles(items.flatMap((item) => (item.kind === 'candle' ? [item.candle] : [])));

describe('OutboundQueue', () => {
  it('replaces an unsent partial of a subscription with a newer one, in place', () => {
    const queue = new OutboundQueue(10);
    expect(queue.pushCandle(0, live(0, 1, false), false, 1)).toBe('queued');
    expect(queue.pushCandle(1, live(0, 1, false, { symbol: 'ETHUSDT' }), false, 2)).toBe('queued');
    expect(queue.pushCandle(0, live(0, 2, false), false, 3)).toBe('conflated');
    expect(queue.pushCandle(0, live(0, 3, false), false, 4)).toBe('conflated');
    expect(queue.size).toBe(2);
    expect(queue.oldestEnqueuedAt()).toBe(1);
    const items = drain(queue);
    expect(items.map((item) => item.subscription)).toEqual([0, 1]);
    expect(candlesOf(items)).toEqual(['0P3', '0P1']);
  });

  it('drops an unsent partial when the final of its candle arrives, and never drops finals', () => {
    const queue = new OutboundQueue(10);
    queue.pushCandle(0, live(0, 1, false), false, 0);
    expect(queue.pushCandle(0, live(0, 2, true), false, 0)).toBe('conflated');
    queue.pushCandle(0, live(1, 1, false), false, 0);
    queue.pushCandle(0, live(0, 3, true, { revision: 1 }), false, 0);
    queue.pushCandle(0, live(1, 2, false), false, 0);
    expect(candlesOf(drain(queue))).toEqual(['0F0', '1P2', '0F1']);
  });

  it('does not conflate a partial that was already sent', () => {
    const queue = new OutboundQueue(10);
    queue.pushCandle(0, live(0, 1, false), false, 0);
    expect(candlesOf(drain(queue))).toEqual(['0P1']);
    expect(queue.pushCandle(0, live(0, 2, false), false, 0)).toBe('queued');
    expect(candlesOf(drain(queue))).toEqual(['0P2']);
  });

  it('reports overflow once more items wait than its capacity', () => {
    const queue = new OutboundQueue(3);
    expect(queue.pushCandle(0, live(0, 1, true), false, 0)).toBe('queued');
    expect(queue.pushMarker(0, 0)).toBe('queued');
    expect(queue.pushCandle(0, live(1, 1, true), false, 0)).toBe('queued');
    expect(queue.pushCandle(0, live(2, 1, false), false, 0)).toBe('overflow');
  });

  it('keeps its order across compaction of a long queue', () => {
    const queue = new OutboundQueue(100_000);
    for (let minute = 0; minute < 5_000; minute += 1) queue.pushCandle(0, live(minute, 1, true), false, minute);
    const first = Array.from({ length: 3_000 }, () => queue.shift());
    for (let minute = 5_000; minute < 6_000; minute += 1) queue.pushCandle(0, live(minute, 1, true), false, minute);
    const rest = drain(queue);
    const minutes = [...first, ...rest].map((item) => (item?.kind === 'candle' ? item.candle.openTime : -1));
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    expect(minutes).toHaveLength(6_000);
    expect(queue.size).toBe(0);
    expect(queue.oldestEnqueuedAt()).toBeUndefined();
  });
});
