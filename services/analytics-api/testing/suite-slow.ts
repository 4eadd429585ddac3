// A deliberately slow subscriber is conflated, then cut with
// RESOURCE_EXHAUSTED, while a fast subscriber on the same series keeps the
// full update rate. Bounded: 3,000 updates, a few seconds.
//
// The publisher moves to the next step once the fast subscriber has the
// previous one, so on a loaded machine (CI, shared cores) the fast stream is
// never behind by the publisher's doing and must receive every update; the
// slow subscriber reads one message every SLOW_PAUSE_MS whatever happens,
// so it falls behind, is conflated and is cut while the publisher is still
// publishing (only an arriving update can overflow a queue). Conflation is
// checked where it happens, in the server's queue (the metric): what the
// slow subscriber received before its cut mostly sat in transport buffers,
// so it may or may not show conflated partials.
import { Code } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCandle, type UpdateSpec } from './candle-updates.js';
import { metricValue } from './metric-value.js';
import { candlesOf, conflatedGaps, sequenceProblems } from './sequence-checks.js';
import { StreamReader } from './stream-reader.js';
import { T0, type SuiteBackend, type SuiteOptions } from './suite.js';
import { startTestApi, type TestApi } from './test-api.js';
import { candleClient } from './transports.js';

const SYMBOLS = Array.from({ length: 10 }, (_, index) => `SLOW${index}USDT`);
const STEPS = 300;
const QUEUE_CAPACITY = 100;
const SLOW_PAUSE_MS = 200;
const second = (index: number) => T0 + index * 1_000;

/** Step `step` of one symbol: 1s candles of nine partials and a final each. */
function update(symbol: string, step: number): UpdateSpec {
  const position = step % 10;
  return { symbol, interval: '1s', openTime: second(Math.floor(step / 10)), tradeCount: Math.min(position + 1, 9), closed: position === 9 };
}

const versionOf = (spec: UpdateSpec) => ({ openTime: BigInt(spec.openTime), closed: spec.closed, revision: 0, tradeCount: BigInt(spec.tradeCount) });

export function slowSubscriberSuite(options: SuiteOptions): void {
  describe.skipIf(options.skip)(`slow subscribers (${options.name})`, () => {
    let backend: SuiteBackend;
    let api: TestApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert(SYMBOLS.map((symbol) => testCandle({ symbol, interval: '1s', openTime: second(-1), tradeCount: 1, closed: true })));
      api = await startTestApi({
        store: backend.store,
        bus: backend.bus,
        limits: { queueCapacity: QUEUE_CAPACITY, maxLagMs: 60_000, cutGraceMs: 60_000, heartbeatMs: 60_000 },
      });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend?.close();
    }, 60_000);

    it('conflates and then cuts a slow subscriber while a fast one gets every update', { timeout: 120_000 }, async () => {
      const request = { subscriptions: SYMBOLS.map((symbol) => ({ symbol, interval: '1s' })) };
      // Separate connections, as separate clients would have.
      const fast = new StreamReader((signal) => candleClient('grpc', api.url).streamCandles(request, { signal }));
      const slow = new StreamReader((signal) => candleClient('grpc', api.url).streamCandles(request, { signal }), () => SLOW_PAUSE_MS);
      const subscribed = (reader: StreamReader) => reader.events.filter((event) => event.case === 'historyComplete').length === SYMBOLS.length;
      await fast.waitFor(subscribed, 30_000, 'the fast subscriptions');
      await slow.waitFor(subscribed, 30_000, 'the slow subscriptions');

      const started = Date.now();
      for (let step = 0; step < STEPS; step += 1) {
        await api.publish(SYMBOLS.map((symbol) => update(symbol, step)));
        await fast.waitFor((reader) => reader.updates().length === (step + 1) * SYMBOLS.length, 30_000, `step ${step} at the fast subscriber`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const publishedMs = Date.now() - started;
      const total = STEPS * SYMBOLS.length;
      slow.hurry();
      await slow.waitFor((reader) => reader.ended, 60_000, 'the slow subscriber to be cut');
      fast.abort();

      // Only an update arriving can overflow a queue: the slow stream was cut while the fast one was receiving every update.
      expect([slow.error?.code, slow.error?.rawMessage]).toEqual([Code.ResourceExhausted, `stream too slow: more than ${QUEUE_CAPACITY} updates waiting to be sent`]);
      expect(fast.error).toBeUndefined();
      expect(await metricValue(api.registry, 'wick_analytics_streams_ended_total', { reason: 'too_slow' })).toBe(1);
      let slowReceived = 0;
      let slowConflatedSeen = 0;
      for (const [index, symbol] of SYMBOLS.entries()) {
        const published = Array.from({ length: STEPS }, (_, step) => versionOf(update(symbol, step)));
        expect(sequenceProblems(fast.events, index)).toEqual([]);
        expect(sequenceProblems(slow.events, index)).toEqual([]);
        // The fast subscriber: all of them, in order, each once.
        expect(conflatedGaps(published, candlesOf(fast.updates(), index, true))).toEqual({ before: 0, between: 0 });
        // The slow one: in order, each once, finals never skipped, partials only conflated, then the cut.
        const received = candlesOf(slow.updates(), index, true);
        slowConflatedSeen += conflatedGaps(published, received).between;
        slowReceived += received.length;
      }
      expect(slowReceived).toBeLessThan(total);
      // Every partial replaced in a queue was the slow stream's: the fast one received every update.
      const conflated = await metricValue(api.registry, 'wick_analytics_stream_conflated_total');
      expect(conflated).toBeGreaterThan(0);
      console.info(`slow subscriber: ${total} updates published in ${publishedMs} ms, every one received by the fast subscriber ` +
        `(${Math.round(total / (publishedMs / 1_000))}/s); the slow one received ${slowReceived} (${slowConflatedSeen} partials seen conflated, ` +
        `${conflated} conflated in its queue) before it was cut with RESOURCE_EXHAUSTED`);
    });
  });
}
