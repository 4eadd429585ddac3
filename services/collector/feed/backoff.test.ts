import { describe, expect, it } from 'vitest';
import { backoffDelay, checkBackoffPolicy } from './backoff.js';
import { SlidingWindow } from './sliding-window.js';

const policy = { initialDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelay', () => {
  it('doubles its bound per attempt up to the cap', () => {
    const upper = (attempt: number) => backoffDelay(attempt, policy, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 5].map(upper)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('never waits less than half its bound: a server that drops at once is not hammered', () => {
    const lower = (attempt: number) => backoffDelay(attempt, policy, () => 0);
    expect([0, 1, 2, 3, 4].map(lower)).toEqual([50, 100, 200, 400, 500]);
  });

  it('spreads retries with jitter', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, policy, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('stays capped for huge attempt numbers', () => {
    expect(backoffDelay(10_000, policy, () => 0.5)).toBe(750);
  });

  it('rejects a malformed attempt or policy', () => {
    expect(() => backoffDelay(-1, policy, Math.random)).toThrow('integer >= 0');
    expect(() => checkBackoffPolicy({ initialDelayMs: 0, maxDelayMs: 10 })).toThrow('0 < initialDelayMs <= maxDelayMs');
    expect(() => checkBackoffPolicy({ initialDelayMs: 20, maxDelayMs: 10 })).toThrow('0 < initialDelayMs <= maxDelayMs');
  });
});

describe('SlidingWindow', () => {
  it('allows `limit` events per window and says how long to wait for the next', () => {
    const window = new SlidingWindow(3, 1_000);
    for (const time of [0, 100, 200]) {
      expect(window.delayAt(time)).toBe(0);
      window.record(time);
    }
    expect(window.delayAt(300)).toBe(700);
    expect(window.delayAt(999)).toBe(1);
    expect(window.delayAt(1_000)).toBe(0);
    window.record(1_000);
    expect(window.delayAt(1_050)).toBe(50);
  });

  it('refuses to record an event over the limit', () => {
    const window = new SlidingWindow(1, 1_000);
    window.record(0);
    expect(() => window.record(10)).toThrow('exceeds 1 per 1000 ms');
  });
});
