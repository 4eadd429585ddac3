import { describe, expect, it } from 'vitest';
import { TradeBuffer } from './trade-buffer.js';

const item = (id: number) => ({ id });

describe('TradeBuffer', () => {
  it('keeps ids sorted and unique whatever the insertion order', () => {
    const buffer = new TradeBuffer<{ id: number }>(10);
    expect([5, 3, 9, 3, 7, 1].map((id) => buffer.insert(item(id)))).toEqual(['inserted', 'inserted', 'inserted', 'duplicate', 'inserted', 'inserted']);
    const drained: number[] = [];
    for (let next = buffer.shift(); next !== undefined; next = buffer.shift()) drained.push(next.id);
    expect(drained).toEqual([1, 3, 5, 7, 9]);
    expect(buffer.size).toBe(0);
  });

  it('refuses beyond its capacity, appends and inserts alike', () => {
    const buffer = new TradeBuffer<{ id: number }>(2);
    buffer.insert(item(2));
    buffer.insert(item(4));
    expect(buffer.insert(item(6))).toBe('overflow');
    expect(buffer.insert(item(3))).toBe('overflow');
    expect(buffer.insert(item(4))).toBe('duplicate');
  });

  it('drains a large buffer in linear time while it keeps filling', () => {
    const buffer = new TradeBuffer<{ id: number }>(200_000);
    for (let id = 0; id < 100_000; id += 1) buffer.insert(item(id));
    const started = performance.now();
    let outOfOrder = 0;
    for (let round = 0; round < 100_000; round += 1) {
      if (buffer.shift()?.id !== round) outOfOrder += 1;
      if (round % 2 === 0) buffer.insert(item(100_000 + round));
    }
    expect(outOfOrder).toBe(0);
    // Array.prototype.shift on a 100,000-item array would take seconds here.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(buffer.first()?.id).toBe(100_000);
    expect(buffer.last()?.id).toBe(199_998);
    expect(buffer.size).toBe(50_000);
  });
});
