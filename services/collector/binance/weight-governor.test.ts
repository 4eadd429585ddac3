import { describe, expect, it } from 'vitest';
import { WeightGovernor } from './weight-governor.js';

const MINUTE = 60_000;
const start = 1_700_000_040_000; // a minute boundary

describe('WeightGovernor', () => {
  it('lets requests go while the reported weight leaves room, then waits for the next minute', () => {
    const governor = new WeightGovernor(100);
    expect(governor.delayFor(4, start + 10)).toBe(0);
    governor.sent(4, start + 10);
    governor.answered(4, 94, start + 20);
    expect(governor.usedAt(start + 20)).toBe(94);
    expect(governor.delayFor(4, start + 30)).toBe(0);
    governor.sent(4, start + 30);
    governor.answered(4, 98, start + 40);
    expect(governor.delayFor(4, start + 50)).toBe(MINUTE - 50);
    expect(governor.delayFor(4, start + MINUTE)).toBe(0);
  });

  it('counts requests in flight, whose weight is charged before their answer', () => {
    const governor = new WeightGovernor(10);
    governor.sent(4, start);
    governor.sent(4, start);
    expect(governor.delayFor(4, start + 1)).toBe(MINUTE - 1);
    governor.answered(4, 4, start + 2);
    expect(governor.usedAt(start + 2)).toBe(8);
  });

  it('counts a request without a weight header by its own weight', () => {
    const governor = new WeightGovernor(10);
    governor.sent(4, start);
    governor.answered(4, undefined, start + 1);
    governor.sent(4, start + 2);
    governor.answered(4, undefined, start + 3);
    expect(governor.usedAt(start + 3)).toBe(8);
    expect(governor.delayFor(4, start + 3)).toBeGreaterThan(0);
  });

  it('blocks everything until Retry-After has passed', () => {
    const governor = new WeightGovernor(6_000);
    governor.retryAfter(30, start);
    expect(governor.delayFor(1, start + 1_000)).toBe(29_000);
    expect(governor.delayFor(1, start + 30_000)).toBe(0);
  });

  it('lets a request heavier than the budget go alone in a fresh minute', () => {
    const governor = new WeightGovernor(10);
    expect(governor.delayFor(20, start)).toBe(0);
  });
});
