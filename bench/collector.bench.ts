// The collector against real Kafka, fed by `wick simulate` in a child
// process: (1) trades per second one collector publishes with the simulator
// replaying XRPETH 2019-10 as fast as possible, in a loop; (2) latency from
// exchange trade time to Kafka acknowledgement at a steady 5,000 trades/s
// (an evenly spaced recording, replayed on the wall clock). Goals (issue #5):
// >= 100,000 trades/s and p99 < 10 ms. Needs Kafka at KAFKA_BROKERS.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaBus } from '../common/bus/index.js';
import { silentLogger } from '../common/log/index.js';
import { canConnect, endpoints, KAFKA_BROKERS } from '../common/testing/infra.js';
import { measuredCollector, percentile, spawnSimulator, writeEvenAggTrades, type MeasuredCollector, type SimulatorProcess } from '../services/collector/testing/bench-support.js';
import { testSettings, waitUntil, XRPETH_FILE } from '../services/collector/testing/collector-harness.js';
import { formatCount, type Benchmark, type BenchOptions } from './harness.js';

const THROUGHPUT_GOAL = 100_000;
const LATENCY_RATE = 5_000;
const P99_GOAL_MS = 10;

interface Run {
  readonly simulator: SimulatorProcess;
  readonly measured: MeasuredCollector;
  readonly bus: KafkaBus;
  readonly topic: string;
}

/** Starts the simulator with `simulateArgs`, a collector on fresh topics, and waits until it is live. */
async function startRun(simulateArgs: readonly string[], symbol: string, publish: { maxBatchMessages: number; lingerMs: number }): Promise<Run> {
  const bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'collector-bench', logger: silentLogger() });
  const topic = `bench-collector-${randomUUID().slice(0, 8)}.wick.trades.v1`;
  const simulator = await spawnSimulator([...simulateArgs, '--ping-interval', '5s']);
  const settings = testSettings({ symbols: [symbol], wsUrl: simulator.url, tradesTopic: topic, partitions: 6, publish: { ...publish, highWaterMark: 200_000 } });
  const measured = measuredCollector(bus, settings, simulator.restUrl);
  measured.collector.start();
  await measured.collector.whenSynced();
  await waitUntil(async () => (await Promise.allSettled(measured.collector.readinessChecks().map((check) => check.check(AbortSignal.timeout(2_000))))).every((o) => o.status === 'fulfilled'), 30_000, 'the collector to be live');
  return { simulator, measured, bus, topic };
}

async function endRun(run: Run): Promise<void> {
  await run.measured.collector.stopIntake();
  await run.measured.collector.close();
  await run.simulator.stop();
  await run.bus.deleteTopics([run.topic, `${run.topic}.dlq`]);
  await run.bus.close();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function throughput(options: BenchOptions, publish: { maxBatchMessages: number; lingerMs: number }): Promise<number> {
  const run = await startRun(['--input', XRPETH_FILE, '--as-fast-as-possible', '--loop', '--paused'], 'XRPETH', publish);
  try {
    await run.simulator.control('resume');
    await sleep(options.quick ? 1_000 : 3_000);
    const windowMs = options.quick ? 3_000 : 10_000;
    const before = run.measured.acked();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await sleep(windowMs);
    const count = run.measured.acked() - before;
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    const rate = count / seconds;
    const cpuPerTrade = (used.user + used.system) / count;
    console.log(
      `  batch <= ${formatCount(publish.maxBatchMessages)}, linger ${publish.lingerMs} ms: ${formatCount(Math.round(rate))} trades/s ` +
        `(${formatCount(count)} in ${seconds.toFixed(1)} s; collector CPU ${cpuPerTrade.toFixed(1)} us/trade = ${formatCount(Math.round(1e6 / cpuPerTrade))} trades per CPU s)`,
    );
    return rate;
  } finally {
    await endRun(run);
  }
}

async function latency(options: BenchOptions): Promise<void> {
  const seconds = options.quick ? 8 : 25;
  const directory = await mkdtemp(join(tmpdir(), 'wick-collector-bench-'));
  const file = join(directory, 'EVENUSDT-aggTrades-2024-01-01.csv');
  // Five trades in every recorded millisecond, replayed in real time on the wall clock:
  // 5,000 trades/s with trade times that are "now". Not paused: a pause would put the
  // trade times behind the wall clock by its length. The collector joins a second or
  // two into the replay and starts at the first trade it sees.
  await writeEvenAggTrades(file, LATENCY_RATE * (seconds + 60), LATENCY_RATE / 1_000);
  const run = await startRun(['--input', file, '--clock', 'wall'], 'EVENUSDT', { maxBatchMessages: 1_000, lingerMs: 0 });
  try {
    await sleep(2_000);
    const samples = run.measured.startSampling();
    const started = run.measured.acked();
    await sleep(seconds * 1_000);
    const rate = (run.measured.acked() - started) / seconds;
    const exchange = samples.exchange.slice().sort((a, b) => a - b);
    const internal = samples.internal.slice().sort((a, b) => a - b);
    // Same trades, same order: exchange - internal is each trade's trade-time-to-receipt.
    const transit = samples.exchange.map((value, index) => value - (samples.internal[index] ?? 0)).sort((a, b) => a - b);
    const ms = (sorted: readonly number[], fraction: number) => `${Math.round(percentile(sorted, fraction))} ms`;
    const line = (sorted: readonly number[]) => `p50 ${ms(sorted, 0.5)}, p90 ${ms(sorted, 0.9)}, p99 ${ms(sorted, 0.99)}, p99.9 ${ms(sorted, 0.999)}, max ${ms(sorted, 1)}`;
    console.log(`  ${formatCount(exchange.length)} trades at ${formatCount(Math.round(rate))}/s (1 ms resolution):`);
    console.log(`    exchange trade time -> Kafka ack: ${line(exchange)}`);
    console.log(`    collector receipt   -> Kafka ack: ${line(internal)}`);
    console.log(`    exchange trade time -> receipt:   min ${ms(transit, 0)}, ${line(transit)} (the simulator and the socket)`);
    // The simulator's wall clock runs a constant few tens of ms behind (it is anchored before its
    // start-up finishes); the smallest transit on localhost estimates that offset, as NTP would.
    const offset = percentile(transit, 0);
    const corrected = exchange.map((value) => value - offset);
    console.log(`    exchange trade time -> Kafka ack, less the clock offset (${Math.round(offset)} ms): ${line(corrected)}`);
    const p99 = percentile(exchange, 0.99);
    const p99Corrected = percentile(corrected, 0.99);
    console.log(`  goal: p99 < ${P99_GOAL_MS} ms: as measured ${p99 < P99_GOAL_MS ? 'met' : 'NOT met'}; less the simulator clock offset ${p99Corrected < P99_GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    await endRun(run);
    await rm(directory, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  name: 'collector',
  summary: 'trades/s one collector publishes to Kafka (simulator as fast as possible); exchange-to-ack latency at 5,000 trades/s',
  async run(options) {
    const kafka = endpoints.kafka();
    if (!(await canConnect(kafka.host, kafka.port))) {
      console.log(`  skipped: Kafka at ${kafka.host}:${kafka.port} is unreachable (${kafka.howToStart})`);
      return;
    }
    console.log('throughput, XRPETH 2019-10 looped as fast as possible, acked by Kafka (acks=all, idempotent, 6 partitions):');
    const rates = [await throughput(options, { maxBatchMessages: 1_000, lingerMs: 0 })];
    if (!options.quick) {
      for (const publish of [{ maxBatchMessages: 250, lingerMs: 0 }, { maxBatchMessages: 5_000, lingerMs: 0 }, { maxBatchMessages: 1_000, lingerMs: 5 }]) {
        rates.push(await throughput(options, publish));
      }
    }
    console.log(`  goal: >= ${formatCount(THROUGHPUT_GOAL)} trades/s ${Math.max(...rates) >= THROUGHPUT_GOAL ? 'met' : 'NOT met'} (best of the settings above)`);
    console.log(`latency at ${formatCount(LATENCY_RATE)} trades/s (evenly spaced, wall clock):`);
    await latency(options);
  },
};
