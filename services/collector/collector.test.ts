// The collector end to end on the in-process bus, fed by the Binance
// simulator replaying XRPETH 2019-10 (12,477 aggregate trades) on 127.0.0.1:
// every id of the recording must be published exactly once and in order,
// whatever happens to the connections, to the producer, or to the process.
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus, type Bus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { createMetricsRegistry, type Registry } from '../../common/metrics/index.js';
import { createRetryMetrics } from '../../common/retry/index.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulate/simulator.js';
import { BinanceRestClient } from './binance/rest-client.js';
import { Collector, type CollectorSettings } from './collector.js';
import { wsSocketOpener } from './feed/ws-socket.js';
import { createCollectorMetrics } from './metrics.js';
import { DLQ_HEADERS } from './publish/dead-letters.js';
import { decodeTrades, idsOf, readTopic, testSettings, waitUntil, XRPETH_FILE, xrpethIds } from './testing/collector-harness.js';
import { FlakyBus } from './testing/flaky-bus.js';

const TOPIC = 'wick.trades.v1';
const ALL_IDS = xrpethIds();
/** Replays the 2.5 recorded days in about 4 s. */
const SPEED = 50_000;
/**
 * Just before the recording's first trade. A collector that finds nothing in
 * Kafka starts at the first trade it sees live; a paused paced replay still
 * publishes the trades due at its very first instant when it starts, so the
 * clock starts 1 ms earlier and every trade of the file is streamed.
 */
const BEFORE_FIRST_TRADE = 1_570_752_011_620 - 1;

let simulator: Simulator | undefined;
const collectors: Collector[] = [];

afterEach(async () => {
  for (const collector of collectors.splice(0)) {
    await collector.stopIntake();
    await collector.close();
  }
  await simulator?.close();
  simulator = undefined;
});

async function startReplay(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  simulator = await startSimulator({ input: XRPETH_FILE, speed: SPEED, startPaused: true, startTime: BEFORE_FIRST_TRADE, ws: { pingIntervalMs: 500 }, ...options });
  return simulator;
}

function startCollector(bus: Bus, sim: Simulator, overrides: Partial<CollectorSettings> = {}): { collector: Collector; registry: Registry } {
  const registry = createMetricsRegistry({ service: 'collector-test', defaultMetrics: false });
  const metrics = createCollectorMetrics(registry);
  const logger = silentLogger();
  const rest = new BinanceRestClient({
    baseUrl: sim.restUrl,
    timeoutMs: 2_000,
    weightBudget: 6_000,
    retry: { maxAttempts: 3, startingDelayMs: 10, maxDelayMs: 100 },
    logger,
    retryMetrics: createRetryMetrics(registry),
    metrics,
  });
  const settings = testSettings({ symbols: ['XRPETH'], wsUrl: sim.url, tradesTopic: TOPIC, ...overrides });
  const collector = new Collector(settings, { bus, rest, openSocket: wsSocketOpener({ handshakeTimeoutMs: 2_000, closeTimeoutMs: 500 }), metrics, logger });
  collectors.push(collector);
  collector.start();
  return { collector, registry };
}

async function ready(collector: Collector): Promise<boolean> {
  const outcomes = await Promise.allSettled(collector.readinessChecks().map((check) => check.check(new AbortController().signal)));
  return outcomes.every((outcome) => outcome.status === 'fulfilled');
}

async function published(bus: Bus, topic = TOPIC): Promise<number> {
  const ranges = await bus.offsets(topic);
  return ranges.reduce((sum, range) => sum + Number(range.high - range.low), 0);
}

async function metricValues(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return Object.fromEntries((metric?.values ?? []).map((value) => [Object.values(value.labels).join(','), value.value]));
}

/** Waits for the whole recording to reach the topic, then checks it id by id. */
async function expectEveryIdOnce(bus: Bus): Promise<void> {
  await waitUntil(async () => (await published(bus)) >= ALL_IDS.length, 20_000, 'all trades in the topic');
  const trades = decodeTrades(await readTopic(bus, TOPIC, ALL_IDS.length, 5_000));
  expect(trades.every((trade) => trade.key === 'binance:XRPETH')).toBe(true);
  expect(idsOf(trades, 'XRPETH')).toEqual(ALL_IDS);
}

describe('Collector on the in-process bus', () => {
  it('publishes every aggregate trade id once and in order across drops, a serverShutdown and rotations', async () => {
    const sim = await startReplay();
    const bus = new InProcessBus();
    const { collector, registry } = startCollector(bus, sim, {
      feed: { ...testSettings({ symbols: [], wsUrl: '', tradesTopic: '' }).feed, maxConnectionAgeMs: 600 },
    });
    expect(await ready(collector)).toBe(false);
    await waitUntil(() => ready(collector), 10_000, 'readiness');
    sim.replay.resume();
    const faults = [
      setTimeout(() => sim.faults.dropConnections(), 500),
      setTimeout(() => sim.faults.serverShutdown({ graceMs: 200 }), 1_300),
      setTimeout(() => sim.faults.dropConnections({ abrupt: false }), 2_200),
      setTimeout(() => sim.faults.dropConnections(), 3_000),
    ];
    try {
      await sim.replay.finished;
      await expectEveryIdOnce(bus);
    } finally {
      faults.forEach(clearTimeout);
    }
    expect(await metricValues(registry, 'wick_collector_rotations_total')).toMatchObject({ 'server-shutdown': 1 });
    expect((await metricValues(registry, 'wick_collector_rotations_total'))['max-age']).toBeGreaterThanOrEqual(1);
    expect((await metricValues(registry, 'wick_collector_reconnects_total'))['connection-lost']).toBeGreaterThanOrEqual(2);
    const trades = await metricValues(registry, 'wick_collector_trades_total');
    expect((trades['XRPETH,live'] ?? 0) + (trades['XRPETH,rest'] ?? 0)).toBe(ALL_IDS.length);
    expect(trades['XRPETH,rest']).toBeGreaterThan(0);
    await bus.close();
  }, 40_000);

  it('re-reads what landed after failed produce requests, acknowledged or not, and resumes from there', async () => {
    const sim = await startReplay();
    const inner = new InProcessBus();
    const bus = new FlakyBus(inner);
    const { collector, registry } = startCollector(bus, sim, { publish: { maxBatchMessages: 50, lingerMs: 0, highWaterMark: 20_000 } });
    await waitUntil(() => ready(collector), 10_000, 'readiness');
    bus.failSend(TOPIC, 'before-write', 5);
    bus.failSend(TOPIC, 'after-write', 20);
    sim.replay.resume();
    await sim.replay.finished;
    await expectEveryIdOnce(inner);
    expect(bus.failed).toBe(2);
    expect(await metricValues(registry, 'wick_collector_produce_errors_total')).toEqual({ '': 2 });
    expect(await metricValues(registry, 'wick_collector_resyncs_total')).toEqual({ startup: 1, 'produce-failure': 2 });
    await inner.close();
  }, 40_000);

  it('after a crash, a new collector resumes from the last id in the topic and backfills the outage', async () => {
    const sim = await startReplay();
    const bus = new InProcessBus();
    const first = startCollector(bus, sim).collector;
    await waitUntil(() => ready(first), 10_000, 'readiness');
    sim.replay.resume();
    await waitUntil(async () => (await published(bus)) >= 3_000, 20_000, 'a first part of the replay');
    // A crash: the connection goes, nothing more is sent, nothing is flushed.
    collectors.splice(collectors.indexOf(first), 1);
    await first.stopIntake();
    await first.close();
    const landed = await published(bus);
    await waitUntil(() => sim.replay.progress().published >= landed + 2_000, 20_000, 'trades traded while down');
    const second = startCollector(bus, sim).collector;
    await second.whenSynced();
    await sim.replay.finished;
    await expectEveryIdOnce(bus);
    await bus.close();
  }, 40_000);

  it('dead-letters malformed frames with their reason and bytes, and carries on', async () => {
    const sim = await startReplay();
    const bus = new InProcessBus();
    const { collector, registry } = startCollector(bus, sim);
    await waitUntil(() => ready(collector), 10_000, 'readiness');
    sim.replay.resume();
    await waitUntil(async () => (await published(bus)) >= 100, 10_000, 'the first trades');
    expect(sim.faults.sendMalformed('invalid-json', { count: 2 })).toBe(2);
    expect(sim.faults.sendMalformed('wrong-types', { count: 1 })).toBe(1);
    await sim.replay.finished;
    await expectEveryIdOnce(bus);
    // Letters keyed by different symbols may sit in different partitions: compare them by kind.
    const letters = await readTopic(bus, `${TOPIC}.dlq`, 3, 5_000);
    expect(letters.map((letter) => letter.headers[DLQ_HEADERS.reason]).sort()).toEqual(['invalid-shape', 'malformed-json', 'malformed-json']);
    expect(letters.every((letter) => letter.headers[DLQ_HEADERS.source] === 'binance-ws')).toBe(true);
    const truncated = letters.filter((letter) => letter.headers[DLQ_HEADERS.reason] === 'malformed-json');
    expect(truncated.map((letter) => letter.key)).toEqual(['binance', 'binance']);
    expect(truncated[0]?.headers[DLQ_HEADERS.detail]).toMatch(/^not JSON: /);
    const wrongTypes = letters.find((letter) => letter.headers[DLQ_HEADERS.reason] === 'invalid-shape');
    expect(wrongTypes?.key).toBe('binance:XRPETH');
    expect(wrongTypes?.headers[DLQ_HEADERS.detail]).toMatch(/^aggTrade event time E is "\d+"$/);
    expect(Buffer.from(wrongTypes?.value ?? []).toString()).toMatch(/^\{"stream":"xrpeth@aggTrade","data":\{"e":"aggTrade"/);
    expect(await metricValues(registry, 'wick_collector_dlq_total')).toEqual({ 'malformed-json': 2, 'invalid-shape': 1 });
    await bus.close();
  }, 40_000);
});
