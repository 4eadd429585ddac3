// The collector on real Kafka, fed by the Binance simulator replaying XRPETH
// 2019-10: repeated forced disconnects, a serverShutdown, rotations (a short
// connection lifetime) and a kill -9 of the collector process followed by a
// restart must leave every aggregate trade id of the file in the topic
// exactly once and in order. And malformed frames land in the dead-letter
// topic with their reason while the collector carries on.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus, type Bus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { createRetryMetrics } from '../../common/retry/index.js';
import { KAFKA_BROKERS, missingServices } from '../../common/testing/infra.js';
import { startSimulator } from '../simulate/simulator.js';
import { BinanceRestClient } from './binance/rest-client.js';
import { Collector } from './collector.js';
import { wsSocketOpener } from './feed/ws-socket.js';
import { createCollectorMetrics } from './metrics.js';
import { DLQ_HEADERS } from './publish/dead-letters.js';
import { decodeTrades, idsOf, readTopic, testSettings, waitUntil, XRPETH_FILE, xrpethIds } from './testing/collector-harness.js';
import { CollectorProcess } from './testing/collector-process.js';

const skip = await missingServices('kafka');

const ALL_IDS = xrpethIds();
/** See collector.test.ts: the clock starts 1 ms before the first trade so every trade is streamed. */
const BEFORE_FIRST_TRADE = 1_570_752_011_620 - 1;

async function publishedCount(bus: Bus, topic: string): Promise<number> {
  return (await bus.offsets(topic)).reduce((sum, range) => sum + Number(range.high - range.low), 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)('collector on Kafka', () => {
  const prefix = `it-collector-${randomUUID().slice(0, 8)}.`;
  const tradesTopic = `${prefix}wick.trades.v1`;
  const deadLetterTopic = `${tradesTopic}.dlq`;
  let bus: KafkaBus;

  beforeAll(() => {
    bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'collector-int-test', logger: silentLogger() });
  });

  afterAll(async () => {
    await bus?.deleteTopics([tradesTopic, deadLetterTopic]);
    await bus?.close();
  });

  it('publishes every aggregate trade id of the file exactly once, in order, across disconnects, a serverShutdown, rotations and a kill -9', async () => {
    // About 11 s of replay: 2.5 recorded days at 20,000x.
    const simulator = await startSimulator({ input: XRPETH_FILE, speed: 20_000, startPaused: true, startTime: BEFORE_FIRST_TRADE, ws: { pingIntervalMs: 500 } });
    const args = [
      ['--source', simulator.url],
      ['--rest-url', simulator.restUrl],
      ['--symbols', 'XRPETH'],
      ['--topic-prefix', prefix],
      ['--partitions', '3'],
      ['--max-connection-age', '2s'],
      ['--reconnect-delay', '20ms'],
      ['--reconnect-max-delay', '200ms'],
      ['--stale-after', '5s'],
      ['--log-level', 'warn'],
    ].flat();
    const env = { KAFKA_BROKERS };
    let collector = await CollectorProcess.start(args, env);
    const timers: NodeJS.Timeout[] = [];
    try {
      await waitUntil(() => collector.ready(), 30_000, 'the collector to be ready');
      simulator.replay.resume();
      timers.push(setTimeout(() => simulator.faults.dropConnections(), 1_000));
      timers.push(setTimeout(() => simulator.faults.serverShutdown({ graceMs: 300 }), 2_000));
      timers.push(setTimeout(() => simulator.faults.dropConnections({ abrupt: false }), 3_000));
      timers.push(setTimeout(() => simulator.faults.dropConnections(), 3_700));
      await sleep(4_500);
      // The faults have been sent; a collector process starved of CPU (a loaded machine) may
      // take a moment longer to see them, so wait for it rather than read the metrics once.
      const sawFaults = (metrics: string) =>
        /wick_collector_rotations_total\{reason="server-shutdown",service="collector"\} 1\n/.test(metrics) &&
        /wick_collector_reconnects_total\{reason="connection-lost",service="collector"\} [1-9]/.test(metrics);
      let firstMetrics = '';
      await waitUntil(async () => sawFaults((firstMetrics = await collector.metrics())), 10_000, 'the collector to see the dropped connections and the serverShutdown').catch(() => {});
      const beforeKill = await publishedCount(bus, tradesTopic);
      await collector.kill();
      expect(beforeKill).toBeGreaterThan(0);
      expect(firstMetrics).toMatch(/wick_collector_rotations_total\{reason="server-shutdown",service="collector"\} 1\n/);
      expect(firstMetrics).toMatch(/wick_collector_reconnects_total\{reason="connection-lost",service="collector"\} [1-9]/);
      // Trades go on while the collector is dead: the restart must backfill them.
      await sleep(1_500);
      // Held while the new process boots (its start-up time varies with the machine's load),
      // so that it still sees part of the replay live and lives through one more disconnect.
      simulator.replay.pause();
      collector = await CollectorProcess.start(args, env);
      await waitUntil(() => collector.ready(), 30_000, 'the restarted collector to be ready');
      simulator.replay.resume();
      await sleep(500);
      expect(simulator.faults.dropConnections()).toBe(1);
      await simulator.replay.finished;
      await waitUntil(async () => (await publishedCount(bus, tradesTopic)) >= ALL_IDS.length, 30_000, 'every trade in the topic');
      const metrics = await collector.metrics();
      expect(await collector.stop()).toBe(0);

      const trades = decodeTrades(await readTopic(bus, tradesTopic, ALL_IDS.length, 10_000));
      expect(trades).toHaveLength(ALL_IDS.length);
      expect(trades.every((trade) => trade.key === 'binance:XRPETH' && trade.symbol === 'XRPETH')).toBe(true);
      expect(idsOf(trades, 'XRPETH')).toEqual(ALL_IDS);
      // The restarted process backfilled over REST and lived through a disconnect.
      expect(metrics).toMatch(/wick_collector_trades_total\{symbol="XRPETH",source="rest",service="collector"\} [1-9]/);
      expect(metrics).toMatch(/wick_collector_reconnects_total\{reason="connection-lost",service="collector"\} [1-9]/);
      expect(metrics).toMatch(/wick_collector_rotations_total\{reason="max-age",service="collector"\} [1-9]/);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- collector output ---\n${collector.tail()}`, { cause: error });
    } finally {
      timers.forEach(clearTimeout);
      if (collector.running) await collector.kill();
      await simulator.close();
    }
  }, 120_000);

  it('sends malformed frames to the dead-letter topic with their reason and keeps publishing', async () => {
    const simulator = await startSimulator({ input: XRPETH_FILE, speed: 50_000, startPaused: true, startTime: BEFORE_FIRST_TRADE, ws: { pingIntervalMs: 500 } });
    const topic = `${prefix}dlq-case.wick.trades.v1`;
    const registry = createMetricsRegistry({ service: 'collector-int-test', defaultMetrics: false });
    const metrics = createCollectorMetrics(registry);
    const logger = silentLogger();
    const rest = new BinanceRestClient({ baseUrl: simulator.restUrl, timeoutMs: 2_000, weightBudget: 6_000, retry: { maxAttempts: 3, startingDelayMs: 10, maxDelayMs: 100 }, logger, retryMetrics: createRetryMetrics(registry), metrics });
    const collector = new Collector(testSettings({ symbols: ['XRPETH'], wsUrl: simulator.url, tradesTopic: topic }), {
      bus,
      rest,
      openSocket: wsSocketOpener({ handshakeTimeoutMs: 2_000, closeTimeoutMs: 500 }),
      metrics,
      logger,
    });
    try {
      collector.start();
      await collector.whenSynced();
      await waitUntil(async () => (await Promise.allSettled(collector.readinessChecks().map((check) => check.check(AbortSignal.timeout(2_000))))).every((outcome) => outcome.status === 'fulfilled'), 20_000, 'readiness');
      simulator.replay.resume();
      await waitUntil(async () => (await publishedCount(bus, topic)) >= 1_000, 20_000, 'the first trades');
      simulator.faults.sendMalformed('invalid-json', { count: 2 });
      simulator.faults.sendMalformed('wrong-types', { count: 2 });
      await simulator.replay.finished;
      await waitUntil(async () => (await publishedCount(bus, topic)) >= ALL_IDS.length, 30_000, 'every trade in the topic');
      await collector.drain();

      expect(idsOf(decodeTrades(await readTopic(bus, topic, ALL_IDS.length, 10_000)), 'XRPETH')).toEqual(ALL_IDS);
      const letters = await readTopic(bus, `${topic}.dlq`, 4, 10_000);
      expect(letters.map((letter) => letter.headers[DLQ_HEADERS.reason]).sort()).toEqual(['invalid-shape', 'invalid-shape', 'malformed-json', 'malformed-json']);
      for (const letter of letters) {
        expect(letter.headers[DLQ_HEADERS.detail]).toBeTruthy();
        expect(letter.headers[DLQ_HEADERS.source]).toBe('binance-ws');
        expect(Number(letter.headers[DLQ_HEADERS.receivedAt])).toBeGreaterThan(0);
        expect(Buffer.from(letter.value).toString()).toContain('xrpeth@aggTrade');
      }
      const counted = await registry.getSingleMetric('wick_collector_dlq_total')?.get();
      expect(Object.fromEntries((counted?.values ?? []).map((value) => [value.labels.reason, value.value]))).toEqual({ 'malformed-json': 2, 'invalid-shape': 2 });
    } finally {
      await collector.stopIntake();
      await collector.close();
      await simulator.close();
      await bus.deleteTopics([topic, `${topic}.dlq`]);
    }
  }, 120_000);
});
