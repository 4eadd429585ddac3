// StreamCandles against a running server: the history/live seam while
// updates are being published, cancels, revisions and re-deliveries,
// heartbeats, the stream limit and the end on shutdown.
import { Code } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../common/bus/index.js';
import { testCandle, type UpdateSpec } from './candle-updates.js';
import { metricValue } from './metric-value.js';
import { candlesOf, conflatedGaps, sequenceProblems } from './sequence-checks.js';
import { StreamReader, version } from './stream-reader.js';
import { minute, type SuiteBackend, type SuiteOptions } from './suite.js';
import { startTestApi, waitFor, type TestApi } from './test-api.js';
import { candleClient, type TransportName } from './transports.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const key = (symbol: string) => `binance\u0000${symbol}\u00001m`;
const versionOf = (spec: UpdateSpec) => ({ openTime: BigInt(spec.openTime), closed: spec.closed, revision: spec.revision ?? 0, tradeCount: BigInt(spec.tradeCount) });

export function streamSuite(options: SuiteOptions): void {
  describe.skipIf(options.skip)(`StreamCandles (${options.name})`, () => {
    let backend: SuiteBackend;
    let api: TestApi;

    beforeAll(async () => {
      backend = await options.open();
      api = await startTestApi({ store: backend.store, bus: backend.bus });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend?.close();
    }, 60_000);

    options.transports.forEach((transport, index) => {
      it(`over ${transport}: joining in the middle of a candle gives history, then live updates, no gap and no duplicate`, async () => {
        await seamScenario(backend, api, transport, `SEAM${String.fromCharCode(65 + index)}USDT`);
      });
    });

    options.transports.forEach((transport, index) => {
      it(`over ${transport}: a client that cancels frees its stream on the server`, async () => {
        const symbol = `CANCEL${String.fromCharCode(65 + index)}USDT`;
        await backend.store.upsert([testCandle({ symbol, openTime: minute(0), tradeCount: 1, closed: true })]);
        const before = api.api.streams.size;
        const reader = new StreamReader((signal) => candleClient(transport, api.url).streamCandles({ subscriptions: [{ symbol, interval: '1m' }], history: 1 }, { signal }));
        await reader.waitFor((r) => r.events.length >= 2, 10_000, 'the history and HistoryComplete');
        expect(api.api.streams.size).toBe(before + 1);
        reader.abort();
        await waitFor(() => api.api.streams.size === before, 10_000, 'the cancelled stream to be freed');
      });
    });

    it('keeps the seam exact with stream history served from memory (LatestCandles)', async () => {
      const cached = await startTestApi({ store: backend.store, bus: backend.bus, latestSeries: 10 });
      try {
        await seamScenario(backend, cached, 'grpc', 'SEAMMEMUSDT');
        expect(cached.api.latest.seriesCount).toBe(2);
      } finally {
        await cached.close();
      }
    });

    it('every instance reads every partition of the candle topic itself: two instances each serve every series', async () => {
      // One symbol per partition of the test topic (3), found with the producer's own partitioner.
      const symbols: string[] = [];
      for (let index = 0; symbols.length < 3; index += 1) {
        const symbol = `SPREAD${index}USDT`;
        if (!symbols.some((known) => partitionForKey(`binance:${known}`, 3) === partitionForKey(`binance:${symbol}`, 3))) symbols.push(symbol);
      }
      await backend.store.upsert(symbols.map((symbol) => testCandle({ symbol, openTime: minute(0), tradeCount: 2, closed: true })));
      const second = await startTestApi({ store: backend.store, bus: backend.bus, topic: api.topic });
      try {
        const subscriptions = symbols.map((symbol) => ({ symbol, interval: '1m' }));
        const readers = [api, second].map((instance) =>
          new StreamReader((signal) => candleClient('grpc', instance.url).streamCandles({ subscriptions, history: 1 }, { signal })));
        const complete = (reader: StreamReader) => reader.events.filter((event) => event.case === 'historyComplete').length === symbols.length;
        for (const reader of readers) await reader.waitFor(complete, 30_000, 'the histories');
        await api.publish(symbols.map((symbol) => ({ symbol, openTime: minute(1), tradeCount: 1, closed: false })));
        const live = (reader: StreamReader) => new Set(reader.updates().filter((update) => update.live).map((update) => update.subscription)).size === symbols.length;
        for (const reader of readers) await reader.waitFor(live, 30_000, 'a live update of every series');
        for (const reader of readers) {
          reader.abort();
          for (const index of symbols.keys()) expect(candlesOf(reader.updates(), index, true).map(version)).toEqual([`${minute(1)}:P1`]);
        }
      } finally {
        await second.close();
      }
    });

    it('delivers a revision of a closed candle, and no re-delivered update', async () => {
      const symbol = 'REVSUSDT';
      await backend.store.upsert(range(0, 4).map((index) => testCandle({ symbol, openTime: minute(index), tradeCount: 3, closed: true })));
      const reader = new StreamReader((signal) => candleClient('grpc', api.url).streamCandles({ subscriptions: [{ symbol, interval: '1m' }], history: 5 }, { signal }));
      await reader.waitFor((r) => r.events.some((event) => event.case === 'historyComplete'), 30_000, 'the history');
      await api.publish([
        { symbol, openTime: minute(3), tradeCount: 4, closed: true, revision: 1 },
        // Re-deliveries, as after a preprocessor restart: nothing new.
        { symbol, openTime: minute(3), tradeCount: 4, closed: true, revision: 1 },
        { symbol, openTime: minute(4), tradeCount: 3, closed: true },
        { symbol, openTime: minute(3), tradeCount: 3, closed: true },
        { symbol, openTime: minute(5), tradeCount: 1, closed: false },
      ]);
      await reader.waitFor((r) => r.updates().some((update) => !update.candle.closed), 30_000, 'the partial');
      await sleep(200);
      reader.abort();
      expect(candlesOf(reader.updates(), 0, false).map(version)).toEqual(range(0, 4).map((index) => `${minute(index)}:F0`));
      expect(candlesOf(reader.updates(), 0, true).map(version)).toEqual([`${minute(3)}:F1`, `${minute(5)}:P1`]);
      expect(sequenceProblems(reader.events, 0)).toEqual([]);
    });

    it('sends heartbeats on a quiet stream', async () => {
      const quiet = await startTestApi({ store: backend.store, bus: backend.bus, limits: { heartbeatMs: 200 } });
      try {
        await backend.store.upsert([testCandle({ symbol: 'QUIETUSDT', openTime: minute(0), tradeCount: 1, closed: true })]);
        const before = Date.now();
        const reader = new StreamReader((signal) => candleClient('grpc-web', quiet.url).streamCandles({ subscriptions: [{ symbol: 'QUIETUSDT', interval: '1m' }] }, { signal }));
        await reader.waitFor((r) => r.events.filter((event) => event.case === 'heartbeat').length >= 2, 10_000, 'two heartbeats');
        reader.abort();
        expect(reader.events[0]).toEqual(expect.objectContaining({ case: 'historyComplete' }));
        const beat = reader.events.find((event) => event.case === 'heartbeat');
        const serverTime = beat?.case === 'heartbeat' ? Number(beat.value.serverTime) : 0;
        expect(serverTime).toBeGreaterThanOrEqual(before);
        expect(serverTime).toBeLessThanOrEqual(Date.now());
      } finally {
        await quiet.close();
      }
    });

    it('refuses streams beyond the instance limit with RESOURCE_EXHAUSTED', async () => {
      const small = await startTestApi({ store: backend.store, bus: backend.bus, maxStreams: 1 });
      try {
        await backend.store.upsert([testCandle({ symbol: 'LIMITUSDT', openTime: minute(0), tradeCount: 1, closed: true })]);
        const request = { subscriptions: [{ symbol: 'LIMITUSDT', interval: '1m' }] };
        const first = new StreamReader((signal) => candleClient('grpc', small.url).streamCandles(request, { signal }));
        await first.waitFor((r) => r.events.length > 0, 10_000, 'the first stream');
        const second = new StreamReader((signal) => candleClient('grpc', small.url).streamCandles(request, { signal }));
        await second.waitFor((r) => r.ended, 10_000, 'the second stream to be refused');
        expect([second.error?.code, second.error?.rawMessage]).toEqual([Code.ResourceExhausted, 'this instance serves its maximum of 1 streams; try again later']);
        first.abort();
        await waitFor(() => small.api.streams.size === 0, 10_000, 'the first stream to end');
        const third = new StreamReader((signal) => candleClient('grpc', small.url).streamCandles(request, { signal }));
        await third.waitFor((r) => r.events.length > 0, 10_000, 'a stream after the first ended');
        third.abort();
      } finally {
        await small.close();
      }
    });

    it('ends every stream with UNAVAILABLE on shutdown, and refuses new ones', async () => {
      const closing = await startTestApi({ store: backend.store, bus: backend.bus });
      try {
        await backend.store.upsert([testCandle({ symbol: 'BYEUSDT', openTime: minute(0), tradeCount: 1, closed: true })]);
        const request = { subscriptions: [{ symbol: 'BYEUSDT', interval: '1m' }], history: 1 };
        const readers = (['connect-h2', 'grpc', 'grpc-web'] as const).map((transport) =>
          new StreamReader((signal) => candleClient(transport, closing.url).streamCandles(request, { signal })));
        for (const reader of readers) await reader.waitFor((r) => r.events.length >= 2, 10_000, 'history');
        await closing.api.endStreams(AbortSignal.timeout(5_000));
        for (const reader of readers) {
          await reader.waitFor((r) => r.ended, 10_000, 'the end');
          expect([reader.events.length, reader.error?.code, reader.error?.rawMessage]).toEqual([2, Code.Unavailable, 'server is shutting down; reconnect']);
        }
        expect(await metricValue(closing.registry, 'wick_analytics_streams_ended_total', { reason: 'shutdown' })).toBe(3);
        const late = new StreamReader((signal) => candleClient('grpc', closing.url).streamCandles(request, { signal }));
        await late.waitFor((r) => r.ended, 10_000, 'the refusal');
        expect(late.error?.code).toBe(Code.Unavailable);
      } finally {
        await closing.close();
      }
    });
  });
}

/**
 * Two subscriptions on one stream, joining while updates are published.
 * `symbol` (feed ahead of the store): the store holds minutes 0..28, minute
 * 29's final is on the topic before it is stored, minute 30 is running; its
 * partials keep coming (with re-deliveries, as after a restart) while the
 * subscriber connects, then minute 30 closes and minute 31 runs and closes.
 * `symbol`+"S" (store ahead of the feed): minute 29's final is stored while
 * the topic still shows minute 29 running; its final arrives on the topic
 * after the subscriber's history already had it, then minute 30 runs.
 */
async function seamScenario(backend: SuiteBackend, api: TestApi, transport: TransportName, symbol: string): Promise<void> {
  const ahead = `${symbol}S`;
  await backend.store.upsert(range(0, 28).map((index) => testCandle({ symbol, openTime: minute(index), tradeCount: 5, closed: true })));
  await backend.store.upsert(range(0, 29).map((index) => testCandle({ symbol: ahead, openTime: minute(index), tradeCount: 5, closed: true })));
  const published = new Map<string, UpdateSpec[]>([[symbol, []], [ahead, []]]);
  const publish = async (spec: UpdateSpec) => {
    published.get(spec.symbol)?.push(spec);
    await api.publish([spec]);
  };
  const final29: UpdateSpec = { symbol, openTime: minute(29), tradeCount: 5, closed: true };
  await publish(final29);
  for (const count of range(1, 5)) {
    await publish({ symbol, openTime: minute(30), tradeCount: count, closed: false });
    await publish({ symbol: ahead, openTime: minute(29), tradeCount: count, closed: false });
  }
  await waitFor(() => api.api.hub.currentPartial(key(symbol))?.tradeCount === 5 && api.api.hub.currentPartial(key(ahead))?.tradeCount === 5,
    30_000, 'the running partials on the feed');
  const conflatedBefore = await metricValue(api.registry, 'wick_analytics_stream_conflated_total');

  const publisher = (async () => {
    for (const count of range(6, 30)) {
      await publish({ symbol, openTime: minute(30), tradeCount: count, closed: false });
      if (count === 12) await backend.store.upsert([testCandle(final29)]);
      if (count === 15) await publish({ symbol: ahead, openTime: minute(29), tradeCount: 5, closed: true });
      if (count === 20) await api.publish(range(15, 18).map((old) => ({ symbol, openTime: minute(30), tradeCount: old, closed: false })));
      if (count > 15) await publish({ symbol: ahead, openTime: minute(30), tradeCount: count - 15, closed: false });
      await sleep(3);
    }
    const final30: UpdateSpec = { symbol, openTime: minute(30), tradeCount: 30, closed: true };
    await publish(final30);
    await backend.store.upsert([testCandle(final30)]);
    for (const count of range(1, 10)) {
      await publish({ symbol, openTime: minute(31), tradeCount: count, closed: false });
      await sleep(3);
    }
    await publish({ symbol, openTime: minute(31), tradeCount: 10, closed: true });
  })();
  const client = candleClient(transport, api.url);
  const subscriptions = [{ symbol, interval: '1m' }, { symbol: ahead, interval: '1m' }];
  const reader = new StreamReader((signal) => client.streamCandles({ subscriptions, history: 10 }, { signal }));
  await publisher;
  const isLastFinal = (update: { candle: { openTime: bigint; closed: boolean } }) => update.candle.openTime === BigInt(minute(31)) && update.candle.closed;
  await reader.waitFor((r) => r.updates().some(isLastFinal), 30_000, 'the final of minute 31');
  await sleep(100);
  reader.abort();
  // Sessions report their counts to the metrics when they end.
  await waitFor(() => api.api.streams.size === 0, 10_000, 'the stream to end');

  const updates = reader.updates();
  let conflatedBetween = 0;
  for (const [index, name] of [symbol, ahead].entries()) {
    expect(sequenceProblems(reader.events, index)).toEqual([]);
    expect(candlesOf(updates, index, false).map(version)).toEqual(range(20, 29).map((open) => `${minute(open)}:F0`));
    const complete = reader.events.find((event) => event.case === 'historyComplete' && event.value.subscriptionIndex === index);
    expect(complete?.case === 'historyComplete' ? complete.value.lastSequence : -1n).toBe(10n);
    const live = candlesOf(updates, index, true);
    expect(live.every((candle) => candle.symbol === name)).toBe(true);
    // Every update published after the history, in order, each once; only conflation may leave partials out.
    const afterHistory = (published.get(name) ?? []).filter((spec) => spec.openTime > minute(29)).map(versionOf);
    conflatedBetween += conflatedGaps(afterHistory, live).between;
    expect(live[0]?.openTime).toBe(BigInt(minute(30)));
  }
  const live = candlesOf(updates, 0, true);
  expect(live.at(-1)).toMatchObject({ openTime: BigInt(minute(31)), closed: true, tradeCount: 10n });
  expect(live[0]?.tradeCount).toBeGreaterThanOrEqual(5n);
  // The store-ahead series: its first live update is minute 30's first partial (nothing of minute 29 again).
  expect(candlesOf(updates, 1, true).map(version).slice(0, 2)).toEqual([`${minute(30)}:P1`, `${minute(30)}:P2`]);
  expect(conflatedBetween).toBeLessThanOrEqual((await metricValue(api.registry, 'wick_analytics_stream_conflated_total')) - conflatedBefore);
}
