import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './platformatic-client.js';

describe('retry delays of the @platformatic/kafka producer', () => {
  it('doubles from 300 ms up to 30 s by default, as kafkajs does', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelayMs(attempt, undefined, middle))).toEqual([
      300, 600, 1_200, 2_400, 4_800, 9_600, 19_200, 30_000, 30_000,
    ]);
  });

  it('jitters each delay by up to 20% either way, never beyond the cap', () => {
    const settings = { initialRetryTimeMs: 100, maxRetryTimeMs: 1_000 };
    expect(retryDelayMs(1, settings, () => 0)).toBe(80);
    expect(retryDelayMs(1, settings, () => 0.999_999)).toBe(120);
    expect(retryDelayMs(4, settings, () => 0.999_999)).toBe(960);
    expect(retryDelayMs(5, settings, () => 0.999_999)).toBe(1_000);
    expect(retryDelayMs(5, settings, () => 0)).toBe(800);
  });
});
