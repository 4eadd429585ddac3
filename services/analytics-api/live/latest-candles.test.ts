import { describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../../common/metrics/index.js';
import type { CandleColumnsPage, LatestQuery } from '../../../common/store/index.js';
import { columnsPage } from '../../../common/store/testing/candle-columns.js';
import { testCandle } from '../testing/candle-updates.js';
import { describeCandles, live, MINUTE, T0 } from '../testing/live-candles.js';
import { createLatestCacheMetrics } from '../metrics.js';
import { CandleHub } from './candle-hub.js';
import { LatestCandles } from './latest-candles.js';
import { seriesRef } from './live-candle.js';

const series = seriesRef('binance', 'BTCUSDT', '1m');

/** A store holding finals of the given minutes; reads can be held to let the feed move first. */
function fakeStore(minutes: number[]) {
  const state = { minutes, reads: 0, gate: undefined as Promise<void> | undefined };
  return {
    state,
    async readLatestColumns(query: LatestQuery): Promise<CandleColumnsPage> {
      state.reads += 1;
      await state.gate;
      const kept = [...state.minutes].sort((a, b) => a - b);
      const page = kept.slice(Math.max(0, kept.length - query.limit));
      const candles = page.map((minute) => testCandle({ symbol: 'BTCUSDT', openTime: T0 + minute * MINUTE, tradeCount: 3, closed: true }));
      return columnsPage(query, candles, kept.length > query.limit ? 'more' : undefined);
    },
  };
}

function setup(minutes: number[], options: { depth?: number; maxSeries?: number; refreshMs?: number } = {}) {
  const hub = new CandleHub();
  const store = fakeStore(minutes);
  const clock = { now: 0 };
  const registry = createMetricsRegistry({ service: 'latest-test', defaultMetrics: false });
  const cache = new LatestCandles({
    hub, store, depth: options.depth ?? 5, maxSeries: options.maxSeries ?? 10, refreshMs: options.refreshMs ?? 1_000, now: () => clock.now,
    metrics: createLatestCacheMetrics(registry),
  });
  return { hub, store, clock, cache };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LatestCandles', () => {
  it('fills from the store once, then answers from memory', async () => {
    const { store, cache } = setup(range(0, 9));
    const first = await cache.latest(series, 3);
    expect([describeCandles(first.candles), first.more]).toEqual([['7F0', '8F0', '9F0'], true]);
    const again = await cache.latest(series, 5);
    expect(describeCandles(again.candles)).toEqual(['5F0', '6F0', '7F0', '8F0', '9F0']);
    expect(again.more).toBe(true);
    expect(store.state.reads).toBe(1);
  });

  it('follows the feed: new finals appended, revisions replacing, partials ignored, the window kept', async () => {
    const { hub, store, cache } = setup(range(0, 3));
    expect((await cache.latest(series, 5)).more).toBe(false);
    hub.publish(live(4, 1, false));
    hub.publish(live(4, 2, true));
    hub.publish(live(2, 5, true, { revision: 1 }));
    hub.publish(live(5, 1, true));
    const page = await cache.latest(series, 5);
    expect(describeCandles(page.candles)).toEqual(['1F0', '2F1', '3F0', '4F0', '5F0']);
    expect(page.more).toBe(true);
    expect(store.state.reads).toBe(1);
  });

  it('loses no final the feed delivers while it reads the store', async () => {
    const { hub, store, cache } = setup(range(0, 3));
    let open: () => void = () => undefined;
    store.state.gate = new Promise((resolve) => (open = resolve));
    const reading = cache.latest(series, 5);
    hub.publish(live(4, 2, true));
    hub.publish(live(3, 4, true, { revision: 1 }));
    open();
    expect(describeCandles((await reading).candles)).toEqual(['0F0', '1F0', '2F0', '3F1', '4F0']);
  });

  it('takes finals the feed has before the store into a fill', async () => {
    const { hub, cache } = setup(range(0, 3));
    hub.publish(live(4, 2, true));
    hub.publish(live(5, 1, false));
    expect(describeCandles((await cache.latest(series, 5)).candles)).toEqual(['0F0', '1F0', '2F0', '3F0', '4F0']);
  });

  it('reads the store again after the refresh time, and shares one read between concurrent requests', async () => {
    const { store, clock, cache } = setup(range(0, 3));
    await Promise.all([cache.latest(series, 2), cache.latest(series, 3)]);
    expect(store.state.reads).toBe(1);
    store.state.minutes.push(4);
    clock.now = 999;
    expect(describeCandles((await cache.latest(series, 1)).candles)).toEqual(['3F0']);
    clock.now = 1_000;
    expect(describeCandles((await cache.latest(series, 1)).candles)).toEqual(['4F0']);
    expect(store.state.reads).toBe(2);
  });

  it('keeps at most maxSeries series, dropping the least recently read, and passes deeper reads to the store', async () => {
    const { store, cache } = setup(range(0, 3), { maxSeries: 1 });
    await cache.latest(series, 2);
    await cache.latest(seriesRef('binance', 'ETHUSDT', '1m'), 2);
    expect(cache.seriesCount).toBe(1);
    await cache.latest(series, 2);
    expect(store.state.reads).toBe(3);
    await cache.latest(series, 6);
    expect(store.state.reads).toBe(4);
    // ETHUSDT was dropped for BTCUSDT: reading it fills again.
    await cache.latest(seriesRef('binance', 'ETHUSDT', '1m'), 2);
    expect(store.state.reads).toBe(5);
  });
});
