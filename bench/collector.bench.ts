// The collector against real Kafka, fed by `wick simulate` in a child
// process: (1) trades per second one collector publishes with the simulator
// replaying XRPETH 2019-10 as fast as possible, in a loop; (2) latency from
// exchange trade time to Kafka acknowledgement at a steady 5,000 trades/s
// (an evenly spaced recording, replayed on the wall clock). Goals (issue #5):
// >= 100,000 trades/s and p99 < 10 ms. Needs Kafka at KAFKA_BROKERS.
//
// The collector, the simulator and the broker share this machine's cores
// (and so do other people's processes), so each throughput run also reports
// the CPU time per trade of each of the three processes (Linux /proc): the
// collector's own cost per trade does not depend on who else is busy, and
// the sum tells how many cores a given rate needs. Two more measurements
// split the collector's cost: the Kafka client alone (the bus producer
// sending encoded trades, nothing else), and the collector with a bus that
// acknowledges every send at once (everything but the Kafka client).
//
// Each Kafka measurement runs with each producer client the bus offers
// (@platformatic/kafka, kafkajs); WICK_BENCH_KAFKA_PRODUCER=kafkajs (or
// platformatic) limits the run to one, and WICK_BENCH_COLLECTOR_PARTS (a
// list of throughput, split, latency) to some of the three parts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { KAFKA_PRODUCER_CLIENTS, KafkaBus, type Bus, type KafkaProducerClient } from '../common/bus/index.js';
import { silentLogger } from '../common/log/index.js';
import { canConnect, endpoints, KAFKA_BROKERS } from '../common/testing/infra.js';
import { measuredCollector, percentile, spawnSimulator, writeEvenAggTrades, type MeasuredCollector, type SimulatorProcess } from '../services/collector/testing/bench-support.js';
import { publishHighWaterMark } from '../services/collector/build-settings.js';
import { testSettings, waitUntil, XRPETH_FILE } from '../services/collector/testing/collector-harness.js';
import { DiscardingBus } from '../services/collector/testing/discarding-bus.js';
import { CpuWindow, listenerPid, machineBusySeconds } from '../services/collector/testing/process-cpu.js';
import { measureProducerFloor, type ProducerFloor } from '../services/collector/testing/producer-floor.js';
import { benchParts, formatCount, median, type Benchmark, type BenchOptions } from './harness.js';

const THROUGHPUT_GOAL = 100_000;
const LATENCY_RATE = 5_000;
const P99_GOAL_MS = 10;

interface PublishSettings {
  readonly maxBatchMessages: number;
  readonly lingerMs: number;
}

interface Run {
  readonly simulator: SimulatorProcess;
  readonly measured: MeasuredCollector;
  readonly bus: KafkaBus;
  readonly topic: string;
}

const kafkaBus = (producerClient: KafkaProducerClient) =>
  new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'collector-bench', producerClient, logger: silentLogger() });

/** The producer clients to measure: WICK_BENCH_KAFKA_PRODUCER names one, else all of them. */
function producerClients(): readonly KafkaProducerClient[] {
  const wanted = process.env.WICK_BENCH_KAFKA_PRODUCER?.trim();
  if (wanted === undefined || wanted === '') return KAFKA_PRODUCER_CLIENTS;
  const client = KAFKA_PRODUCER_CLIENTS.find((name) => name === wanted);
  if (client === undefined) throw new Error(`WICK_BENCH_KAFKA_PRODUCER=${wanted}: not one of ${KAFKA_PRODUCER_CLIENTS.join(', ')}`);
  return [client];
}

const BENCH_PARTS = ['throughput', 'split', 'latency'] as const;

/**
 * Starts the simulator with `simulateArgs`, a collector on fresh topics, and waits until it is live.
 * `discard`: the collector's produce requests are acknowledged at once, never sent.
 */
async function startRun(simulateArgs: readonly string[], symbol: string, publish: PublishSettings, producerClient: KafkaProducerClient, discard = false): Promise<Run> {
  const bus = kafkaBus(producerClient);
  const topic = `bench-collector-${randomUUID().slice(0, 8)}.wick.trades.v1`;
  const simulator = await spawnSimulator([...simulateArgs, '--ping-interval', '5s']);
  const settings = testSettings({ symbols: [symbol], wsUrl: simulator.url, tradesTopic: topic, partitions: 6, publish: { ...publish, highWaterMark: publishHighWaterMark(publish.maxBatchMessages) } });
  const collectorBus: Bus = discard ? new DiscardingBus(bus) : bus;
  const measured = measuredCollector(collectorBus, settings, simulator.restUrl);
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

interface ThroughputSample {
  readonly rate: number;
  /** Trades per acknowledged batch, on average. */
  readonly batch: number;
  /** CPU microseconds per acknowledged trade, by process. */
  readonly cpuPerTrade: ReadonlyMap<string, number>;
  /** Cores busy on average during the window, by process, and "others" for the rest of the machine. */
  readonly cores: ReadonlyMap<string, number>;
  /**
   * Acknowledged trades of the window that came over REST, and reconnects in it: a collector
   * that cannot keep up is disconnected by the simulator (as by Binance) and backfills over
   * REST, at a rate its request-weight budget bounds, so such a run measures that detour.
   */
  readonly backfilled: number;
  readonly reconnects: number;
}

async function throughput(options: BenchOptions, publish: PublishSettings, brokerPid: number | undefined, producerClient: KafkaProducerClient, discard: boolean): Promise<ThroughputSample> {
  const run = await startRun(['--input', XRPETH_FILE, '--as-fast-as-possible', '--loop', '--paused'], 'XRPETH', publish, producerClient, discard);
  try {
    await run.simulator.control('resume');
    await sleep(options.quick ? 1_000 : 3_000);
    const windowMs = options.quick ? 3_000 : 10_000;
    const before = run.measured.acked();
    const runsBefore = run.measured.ackedRuns();
    const detoursBefore = run.measured.detours();
    const cpu = new CpuWindow(new Map([['collector', process.pid], ['simulator', run.simulator.pid], ['broker', brokerPid]]));
    const machineBefore = machineBusySeconds();
    const started = performance.now();
    await sleep(windowMs);
    const count = run.measured.acked() - before;
    const detours = run.measured.detours();
    const seconds = (performance.now() - started) / 1_000;
    const used = cpu.used();
    const machineAfter = machineBusySeconds();
    const cpuPerTrade = new Map([...used].map(([name, cpuSeconds]) => [name, (cpuSeconds * 1e6) / count]));
    const cores = new Map([...used].map(([name, cpuSeconds]) => [name, cpuSeconds / seconds]));
    if (machineBefore !== undefined && machineAfter !== undefined) {
      const ours = [...used.values()].reduce((sum, value) => sum + value, 0);
      cores.set('others', Math.max(0, machineAfter - machineBefore - ours) / seconds);
    }
    return {
      rate: count / seconds,
      batch: count / Math.max(1, run.measured.ackedRuns() - runsBefore),
      cpuPerTrade,
      cores,
      backfilled: detours.backfilled - detoursBefore.backfilled,
      reconnects: detours.reconnects - detoursBefore.reconnects,
    };
  } finally {
    await endRun(run);
  }
}

const PROCESSES = ['collector', 'simulator', 'broker'] as const;

function describeSample(sample: ThroughputSample): string {
  const perTrade = PROCESSES.map((name) => `${name} ${sample.cpuPerTrade.get(name)?.toFixed(1) ?? '?'}`).join(', ');
  const cores = [...PROCESSES, 'others'].map((name) => `${name} ${sample.cores.get(name)?.toFixed(2) ?? '?'}`).join(', ');
  const detours = sample.reconnects === 0 && sample.backfilled === 0 ? '' : `; ${sample.reconnects} reconnects, ${formatCount(sample.backfilled)} trades backfilled over REST`;
  return `${formatCount(Math.round(sample.rate))} trades/s in batches of ${formatCount(Math.round(sample.batch))} on average; CPU us/trade: ${perTrade}; cores busy: ${cores}${detours}`;
}

/** `producerClient` undefined: no Kafka, every send acknowledged at once. */
async function throughputSetting(options: BenchOptions, publish: PublishSettings, brokerPid: number | undefined, producerClient: KafkaProducerClient | undefined): Promise<number> {
  const label = `${producerClient ?? 'no Kafka'}, batch <= ${formatCount(publish.maxBatchMessages)}, linger ${publish.lingerMs} ms`;
  const samples: ThroughputSample[] = [];
  for (let i = 0; i < (options.quick ? 1 : 3); i++) {
    const sample = await throughput(options, publish, brokerPid, producerClient ?? 'kafkajs', producerClient === undefined);
    samples.push(sample);
    console.log(`  ${label}, run ${i + 1}: ${describeSample(sample)}`);
  }
  const middle = (values: number[]) => median(values.sort((a, b) => a - b));
  const rate = middle(samples.map((sample) => sample.rate));
  const collectorCpu = middle(samples.flatMap((sample) => sample.cpuPerTrade.get('collector') ?? []));
  const allCpu = middle(samples.map((sample) => PROCESSES.reduce((sum, name) => sum + (sample.cpuPerTrade.get(name) ?? 0), 0)));
  console.log(
    `  ${label}, median: ${formatCount(Math.round(rate))} trades/s; collector ${collectorCpu.toFixed(1)} us/trade ` +
      `(${formatCount(Math.round(1e6 / collectorCpu))} trades per collector CPU s); collector + simulator + broker ${allCpu.toFixed(1)} us/trade ` +
      `(${(THROUGHPUT_GOAL * allCpu / 1e6).toFixed(2)} cores for ${formatCount(THROUGHPUT_GOAL)} trades/s)`,
  );
  return rate;
}

/** The Kafka client alone: encoded trades sent in batches through the bus producer, one request in flight. */
async function producerFloor(options: BenchOptions, brokerPid: number | undefined, producerClient: KafkaProducerClient): Promise<void> {
  const bus = kafkaBus(producerClient);
  try {
    for (const batch of options.quick ? [500] : [250, 500, 1_000, 2_000]) {
      let floor: ProducerFloor;
      try {
        floor = await measureProducerFloor(bus, batch, options.quick ? 2_000 : 6_000, brokerPid);
      } catch (error) {
        // One failed measurement must not cost the rest of the report.
        console.log(`  Kafka client alone, batches of ${formatCount(batch)}: FAILED (${(error as Error).message})`);
        continue;
      }
      console.log(
        `  Kafka client alone (bus producer, ${producerClient}), batches of ${formatCount(batch)}: ${formatCount(Math.round(floor.rate))} messages/s; ` +
          `CPU us/message: client ${floor.clientCpuPerMessage.toFixed(1)}, broker ${floor.brokerCpuPerMessage?.toFixed(1) ?? '?'}`,
      );
    }
  } finally {
    await bus.close();
  }
}

async function latency(options: BenchOptions, brokerPid: number | undefined, producerClient: KafkaProducerClient): Promise<void> {
  const seconds = options.quick ? 8 : 25;
  const directory = await mkdtemp(join(tmpdir(), 'wick-collector-bench-'));
  const file = join(directory, 'EVENUSDT-aggTrades-2024-01-01.csv');
  // Five trades in every recorded millisecond, replayed in real time on the wall clock:
  // 5,000 trades/s with trade times that are "now" (the simulator anchors its timeline
  // when the replay runs). The collector joins a second or two into the replay and starts
  // at the first trade it sees.
  await writeEvenAggTrades(file, LATENCY_RATE * (seconds + 60), LATENCY_RATE / 1_000);
  const run = await startRun(['--input', file, '--clock', 'wall'], 'EVENUSDT', { maxBatchMessages: 1_000, lingerMs: 0 }, producerClient);
  try {
    await sleep(2_000);
    const samples = run.measured.startSampling();
    const started = run.measured.acked();
    // What else held the cores, and how long this process's event loop was held up: on a
    // shared machine these, not the collector, set the tail of the latency.
    const cpu = new CpuWindow(new Map([['collector', process.pid], ['simulator', run.simulator.pid], ['broker', brokerPid]]));
    const machineBefore = machineBusySeconds();
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    await sleep(seconds * 1_000);
    loopDelay.disable();
    const rate = (run.measured.acked() - started) / seconds;
    const used = cpu.used();
    const machineAfter = machineBusySeconds();
    const exchange = samples.exchange.slice().sort((a, b) => a - b);
    const internal = samples.internal.slice().sort((a, b) => a - b);
    // Same trades, same order: exchange - internal is each trade's trade-time-to-receipt.
    const transit = samples.exchange.map((value, index) => value - (samples.internal[index] ?? 0)).sort((a, b) => a - b);
    const ms = (sorted: readonly number[], fraction: number) => `${Math.round(percentile(sorted, fraction))} ms`;
    const line = (sorted: readonly number[]) => `p50 ${ms(sorted, 0.5)}, p90 ${ms(sorted, 0.9)}, p99 ${ms(sorted, 0.99)}, p99.9 ${ms(sorted, 0.999)}, max ${ms(sorted, 1)}`;
    console.log(`  ${producerClient}: ${formatCount(exchange.length)} trades at ${formatCount(Math.round(rate))}/s (1 ms resolution):`);
    console.log(`    exchange trade time -> Kafka ack: ${line(exchange)}`);
    console.log(`    collector receipt   -> Kafka ack: ${line(internal)}`);
    console.log(`    exchange trade time -> receipt:   min ${ms(transit, 0)}, ${line(transit)} (the simulator and the socket)`);
    const ours = [...used.values()].reduce((sum, value) => sum + value, 0);
    const others = machineBefore === undefined || machineAfter === undefined ? '?' : (Math.max(0, machineAfter - machineBefore - ours) / seconds).toFixed(2);
    const cores = [...used].map(([name, cpuSeconds]) => `${name} ${(cpuSeconds / seconds).toFixed(2)}`).join(', ');
    console.log(`    cores busy: ${cores}, others ${others} (of ${availableParallelism()}); collector event loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
    const p99 = percentile(exchange, 0.99);
    console.log(`  goal: p99 < ${P99_GOAL_MS} ms ${p99 < P99_GOAL_MS ? 'met' : 'NOT met'}`);
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
    const brokerPid = listenerPid(kafka.port);
    const clients = producerClients();
    const parts = benchParts('WICK_BENCH_COLLECTOR_PARTS', BENCH_PARTS);
    if (brokerPid === undefined) console.log(`  (no process found listening on port ${kafka.port}: the broker's CPU is not reported)`);
    if (parts.has('throughput')) {
      console.log('throughput, XRPETH 2019-10 looped as fast as possible, acked by Kafka (acks=all, idempotent, 6 partitions):');
      // kafkajs groups a request's messages by partition in time quadratic in their number
      // (tulios/kafkajs#1576), and every message of this recording goes to one partition;
      // @platformatic/kafka's cost per message is flat, so larger batches only help it.
      const settings: PublishSettings[] = options.quick
        ? [{ maxBatchMessages: 500, lingerMs: 0 }]
        : [{ maxBatchMessages: 500, lingerMs: 0 }, { maxBatchMessages: 250, lingerMs: 0 }, { maxBatchMessages: 1_000, lingerMs: 0 }, { maxBatchMessages: 2_000, lingerMs: 0 }, { maxBatchMessages: 500, lingerMs: 2 }];
      for (const client of clients) {
        const rates: number[] = [];
        for (const publish of settings) rates.push(await throughputSetting(options, publish, brokerPid, client));
        console.log(`  ${client}: goal >= ${formatCount(THROUGHPUT_GOAL)} trades/s ${Math.max(...rates) >= THROUGHPUT_GOAL ? 'met' : 'NOT met'} (best median of the settings above)`);
      }
    }
    if (parts.has('split')) {
      console.log('where the collector\'s time goes:');
      for (const client of clients) await producerFloor(options, brokerPid, client);
      await throughputSetting(options, { maxBatchMessages: 500, lingerMs: 0 }, brokerPid, undefined);
    }
    if (parts.has('latency')) {
      console.log(`latency at ${formatCount(LATENCY_RATE)} trades/s (evenly spaced, wall clock):`);
      for (const client of clients) await latency(options, brokerPid, client);
    }
  },
};
