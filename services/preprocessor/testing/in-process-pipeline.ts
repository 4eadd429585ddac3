// The preprocessor on the embedded mode's parts, for fast tests: the
// in-process bus, the memory bar store and an in-memory PGlite candle store.
// A preprocessor can be "killed": its consumer crashes (no onRevoked, no
// last checkpoint, no commit) and it is dropped, as a process would die.
import { PGlite } from '@electric-sql/pglite';
import { MemoryBarStore } from '../../../common/barstore/index.js';
import { InProcessBus, type BusConsumer, type ConsumerOptions } from '../../../common/bus/index.js';
import type { InProcessConsumer } from '../../../common/bus/in-process/consumer.js';
import { DEFAULT_INTERVALS } from '../../../common/candles/intervals.js';
import { silentLogger } from '../../../common/log/index.js';
import { createMetricsRegistry, type Registry } from '../../../common/metrics/index.js';
import { createRetryMetrics } from '../../../common/retry/index.js';
import { PgliteCandleStore } from '../../../common/store/index.js';
import { createSnapshotEngine } from '../engine-port/candle-engine-factory.js';
import { createPreprocessorMetrics } from '../metrics.js';
import { Preprocessor, type PreprocessorSettings } from '../preprocessor.js';

export const TOPICS = { trades: 'wick.trades.v1', candles: 'wick.candles.v1', deadLetters: 'wick.trades.v1.dlq' } as const;

/** Quick timings: checkpoints every 30 ms, idle after 200 ms, and an idle clock running a day per wall-clock second. */
export function pipelineSettings(overrides: Partial<PreprocessorSettings> = {}): PreprocessorSettings {
  return {
    groupId: 'preprocessor',
    tradesTopic: TOPICS.trades,
    candlesTopic: TOPICS.candles,
    deadLetterTopic: TOPICS.deadLetters,
    scope: 'wick:preprocessor:test',
    maxBatch: 500,
    engine: { intervals: DEFAULT_INTERVALS, timezoneOffsetMinutes: 0, graceMs: 2_000, partialThrottleMs: 250, revisionWindow: 10 },
    timing: { checkpointIntervalMs: 30, idleTimeoutMs: 200, idleClockRate: 86_400, maxBacklog: 100_000, highMaxAgeMs: 60 },
    rebuildClockSkewMs: 60_000,
    tickMs: 10,
    lagPollMs: 20,
    restartDelayMs: 20,
    ...overrides,
  };
}

/** An in-process bus whose consumers the test can crash, as if their process died. */
class CrashableBus extends InProcessBus {
  private readonly made = new Map<string, InProcessConsumer[]>();
  owner = '';

  override consumer(options: ConsumerOptions): BusConsumer {
    const consumer = super.consumer(options) as InProcessConsumer;
    const list = this.made.get(this.owner) ?? [];
    list.push(consumer);
    this.made.set(this.owner, list);
    return consumer;
  }

  crash(owner: string): void {
    for (const consumer of this.made.get(owner) ?? []) consumer.crash(new Error(`${owner} was killed by the test`));
  }
}

export interface RunningPreprocessor {
  readonly name: string;
  readonly preprocessor: Preprocessor;
  readonly registry: Registry;
}

/** An in-memory PGlite for a test file: starting one costs seconds, so each test takes a schema of its own in it. */
export function openDatabase(): Promise<PGlite> {
  return PGlite.create();
}

let schemas = 0;

export class InProcessPipeline {
  readonly bus = new CrashableBus();
  readonly barStore = new MemoryBarStore();
  private constructor(readonly store: PgliteCandleStore) {}

  static async open(database: PGlite, partitions: number): Promise<InProcessPipeline> {
    schemas += 1;
    const store = await PgliteCandleStore.open({
      // The database outlives the pipeline: the test file closes it.
      database: { query: (sql, params) => database.query(sql, params), exec: (sql) => database.exec(sql), close: async () => undefined },
      schema: `pipeline_${schemas}`,
      logger: silentLogger(),
    });
    const pipeline = new InProcessPipeline(store);
    await pipeline.bus.createTopics([{ topic: TOPICS.trades, partitions }]);
    return pipeline;
  }

  async start(name: string, settings: PreprocessorSettings = pipelineSettings(), now: () => number = Date.now): Promise<RunningPreprocessor> {
    const registry = createMetricsRegistry({ service: name, defaultMetrics: false });
    const preprocessor = new Preprocessor(settings, {
      bus: this.bus,
      barStore: this.barStore,
      store: this.store,
      createEngine: createSnapshotEngine,
      now,
      metrics: createPreprocessorMetrics(registry),
      retryMetrics: createRetryMetrics(registry),
      logger: silentLogger(),
    });
    this.bus.owner = name;
    await preprocessor.start();
    return { name, preprocessor, registry };
  }

  /** Kills a preprocessor: its member crashes without checkpoint or commit, and nothing of it runs again. */
  async kill(running: RunningPreprocessor): Promise<void> {
    this.bus.crash(running.name);
    await running.preprocessor.stop();
  }

  async close(): Promise<void> {
    await this.bus.close();
    await this.store.close();
  }
}

/** The value of a metric of a running preprocessor, summed over the series whose labels include `labels`. */
export async function metricValue(running: RunningPreprocessor, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = running.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, wanted]) => String((value.labels as Record<string, unknown>)[key]) === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}
