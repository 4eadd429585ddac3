import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { FastHistogram } from './fast-histogram.js';
import { createFastHistogram, createHistogram, createMetricsRegistry, LATENCY_BUCKETS_SECONDS } from './registry.js';

const NAME = 'wick_test_latency_seconds';
const HELP = 'A latency.';

/** The same observations in a FastHistogram and in prom-client's Histogram, each in a registry of its own. */
function pair(buckets: readonly number[] = LATENCY_BUCKETS_SECONDS) {
  const fastRegistry = createMetricsRegistry({ service: 'test', defaultMetrics: false });
  const promRegistry = createMetricsRegistry({ service: 'test', defaultMetrics: false });
  const fast = createFastHistogram(fastRegistry, { name: NAME, help: HELP, buckets });
  const prom = createHistogram(promRegistry, { name: NAME, help: HELP, buckets });
  return {
    fastRegistry,
    promRegistry,
    observe: (value: number) => {
      fast.observe(value);
      prom.observe(value);
    },
  };
}

describe('FastHistogram', () => {
  it('exposes exactly what prom-client exposes for the same observations, text and JSON', async () => {
    const { fastRegistry, promRegistry, observe } = pair();
    const random = seededRandom(5);
    for (const value of [0, -1, 0.001, 0.0025, 10, 10.000001, 1e9]) observe(value);
    for (let i = 0; i < 10_000; i++) observe(random() ** 3 * 20);
    expect(await fastRegistry.metrics()).toBe(await promRegistry.metrics());
    expect(await fastRegistry.getMetricsAsJSON()).toEqual(await promRegistry.getMetricsAsJSON());
  });

  it('exposes zeroes before its first observation, as prom-client does for an unlabelled histogram', async () => {
    const { fastRegistry, promRegistry } = pair([1, 2]);
    expect(await fastRegistry.metrics()).toBe(await promRegistry.metrics());
    expect(await fastRegistry.metrics()).toContain(`${NAME}_bucket{le="+Inf",service="test"} 0`);
  });

  it('starts over when the registry resets its metrics', async () => {
    const { fastRegistry, promRegistry, observe } = pair([1, 2]);
    observe(1.5);
    fastRegistry.resetMetrics();
    promRegistry.resetMetrics();
    observe(0.5);
    expect(await fastRegistry.metrics()).toContain(`${NAME}_count{service="test"} 1`);
    expect(await fastRegistry.metrics()).toContain(`${NAME}_bucket{le="1",service="test"} 1`);
  });

  it('refuses what prom-client refuses: a value that is not a finite number', () => {
    const histogram = new FastHistogram({ name: NAME, help: HELP, buckets: [1] });
    expect(() => histogram.observe(Number.NaN)).toThrow(TypeError);
    expect(() => histogram.observe(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => new Histogram({ name: 'x', help: 'x', registers: [] }).observe(Number.NaN)).toThrow(TypeError);
  });

  it('refuses buckets that are empty, not finite or not ascending', () => {
    for (const buckets of [[], [1, 1], [2, 1], [1, Number.POSITIVE_INFINITY]]) {
      expect(() => new FastHistogram({ name: NAME, help: HELP, buckets })).toThrow(/buckets must be finite and ascending/);
    }
  });

  it('is declared once per registry: declaring it again returns it, declaring another kind under its name fails', () => {
    const registry = new Registry();
    const first = createFastHistogram(registry, { name: NAME, help: HELP, buckets: [1] });
    expect(createFastHistogram(registry, { name: NAME, help: HELP, buckets: [1] })).toBe(first);
    createHistogram(registry, { name: 'wick_other_seconds', help: HELP, buckets: [1] });
    expect(() => createFastHistogram(registry, { name: 'wick_other_seconds', help: HELP, buckets: [1] })).toThrow(/already registered/);
    expect(() => createFastHistogram(registry, { name: 'latency_seconds', help: HELP, buckets: [1] })).toThrow(/must start with wick_/);
  });
});
