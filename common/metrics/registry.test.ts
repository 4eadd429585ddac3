import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCounter, createGauge, createHistogram, createMetricsRegistry } from './registry.js';

describe('createMetricsRegistry', () => {
  it('exposes default Node metrics with the wick_ prefix and the service label', async () => {
    const registry = createMetricsRegistry({ service: 'collector' });
    const text = await registry.metrics();
    expect(text).toMatch(/^wick_process_cpu_user_seconds_total\{service="collector"\} \d/m);
    expect(text).toMatch(/^wick_nodejs_heap_size_used_bytes\{service="collector"\} \d/m);
    expect(text).not.toMatch(/^process_/m);
  });

  it('registers nothing in the global default registry, so registries are independent', async () => {
    const before = (await globalRegistry.getMetricsAsJSON()).length;
    const one = createMetricsRegistry({ service: 'one' });
    const two = createMetricsRegistry({ service: 'two', defaultMetrics: false });
    createCounter(one, { name: 'wick_things_total', help: 'Things.' }).inc();
    createCounter(two, { name: 'wick_things_total', help: 'Things.' }).inc(5);
    expect((await globalRegistry.getMetricsAsJSON()).length).toBe(before);
    expect(await one.getSingleMetricAsString('wick_things_total')).toContain('wick_things_total{service="one"} 1');
    expect(await two.metrics()).toBe('# HELP wick_things_total Things.\n# TYPE wick_things_total counter\nwick_things_total{service="two"} 5\n');
  });
});

describe('metric helpers', () => {
  it('create labelled counters, gauges and histograms on the injected registry', async () => {
    const registry = createMetricsRegistry({ service: 'svc', defaultMetrics: false });
    const trades = createCounter(registry, { name: 'wick_trades_total', help: 'Trades.', labelNames: ['symbol'] as const });
    const lag = createGauge(registry, { name: 'wick_consumer_lag', help: 'Lag.', labelNames: ['partition'] as const });
    const latency = createHistogram(registry, { name: 'wick_publish_seconds', help: 'Latency.', buckets: [0.1, 1] });
    trades.inc({ symbol: 'BTCUSDT' }, 2);
    lag.set({ partition: '3' }, 17);
    latency.observe(0.5);
    const text = await registry.metrics();
    expect(text).toContain('wick_trades_total{symbol="BTCUSDT",service="svc"} 2');
    expect(text).toContain('wick_consumer_lag{partition="3",service="svc"} 17');
    expect(text).toContain('wick_publish_seconds_bucket{le="0.1",service="svc"} 0');
    expect(text).toContain('wick_publish_seconds_bucket{le="1",service="svc"} 1');
  });

  it('reject names that break the conventions at declaration time', () => {
    const registry = createMetricsRegistry({ service: 'svc', defaultMetrics: false });
    expect(() => createCounter(registry, { name: 'trades_total', help: 'x' })).toThrow('must start with wick_');
    expect(() => createCounter(registry, { name: 'wick_trades', help: 'x' })).toThrow('end in _total');
    expect(() => createGauge(registry, { name: 'wick_lag_total', help: 'x' })).toThrow('end in _total');
  });

  it('return the registered metric when one is declared again, and refuse a conflicting declaration', async () => {
    const registry = createMetricsRegistry({ service: 'svc', defaultMetrics: false });
    const first = createCounter(registry, { name: 'wick_events_total', help: 'Events.', labelNames: ['kind'] as const });
    const again = createCounter(registry, { name: 'wick_events_total', help: 'Events.', labelNames: ['kind'] as const });
    expect(again).toBe(first);
    again.inc({ kind: 'a' });
    expect(await registry.metrics()).toContain('wick_events_total{kind="a",service="svc"} 1');
    expect(() => createCounter(registry, { name: 'wick_events_total', help: 'Events.', labelNames: ['other'] as const })).toThrow('other labels');
    expect(() => createGauge(registry, { name: 'wick_events_total_x', help: 'x' })).not.toThrow();
    createHistogram(registry, { name: 'wick_wait_seconds', help: 'Wait.', buckets: [1] });
    expect(() => createGauge(registry, { name: 'wick_wait_seconds', help: 'Wait.' })).toThrow('another kind');
  });
});
