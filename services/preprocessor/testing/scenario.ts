// One end-to-end run for the integration tests: its own topics (a random
// prefix), consumer group, Redis database and store schema; the XRPETH
// recording replayed into Kafka under several symbols; preprocessors as
// child processes; and the check that the store and wick.candles.v1 hold
// exactly what `wick candles` builds from the same file, for every default
// interval. Everything is removed afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { KafkaBus, type BusMessage, type CommittedOffset, type OutgoingMessage, type PartitionRange } from '../../../common/bus/index.js';
import { deleteGroups } from '../../../common/bus/testing/kafka-groups.js';
import { stderrErrorsLogger } from '../../../common/bus/testing/test-logger.js';
import { DEFAULT_INTERVALS, type IntervalName } from '../../../common/candles/intervals.js';
import { silentLogger } from '../../../common/log/index.js';
import { PgCandleStore } from '../../../common/store/index.js';
import { dropSchema } from '../../../common/store/testing/pg-test-schema.js';
import { DATABASE_URL, KAFKA_BROKERS, REDIS_URL } from '../../../common/testing/infra.js';
import { differencesFromReference, waitForLastCandles } from './expectations.js';
import { PreprocessorProcess } from './preprocessor-process.js';
import { referenceKlines, type ReferenceKlines } from './reference-klines.js';
import { loadTrades, replay, replayMessages, symbolsAcrossPartitions, type Pace } from './replay.js';

export const XRPETH_FILE = '/work/shared/data/binance/xrpeth-2019-10/XRPETH-aggTrades.csv';

export interface ScenarioOptions {
  readonly name: string;
  readonly partitions: number;
  readonly symbols: number;
  /** A Redis database of this test's own (9..15), so flushing it disturbs no one else. */
  readonly redisDatabase: number;
  readonly pace: Pace;
}

/** Settings that keep a run short: quick checkpoints and takeovers, and an idle clock a day per wall-clock second. */
const FAST_SETTINGS: Readonly<Record<string, string>> = {
  'checkpoint-interval': '200ms',
  'idle-timeout': '3s',
  'idle-clock-rate': '86400',
  'kafka-session-timeout': '6s',
  grace: '2s',
  'log-level': 'info',
};

export class Scenario {
  readonly symbols: string[];
  readonly children: PreprocessorProcess[] = [];
  private references: ReferenceKlines[] = [];

  private constructor(
    readonly options: ScenarioOptions,
    readonly prefix: string,
    readonly bus: KafkaBus,
    readonly store: PgCandleStore,
    readonly redis: Redis,
    readonly schema: string,
  ) {
    this.symbols = symbolsAcrossPartitions('XRPETH', options.symbols, options.partitions);
  }

  static async create(options: ScenarioOptions): Promise<Scenario> {
    const suffix = randomBytes(4).toString('hex');
    const prefix = `pp-${options.name}-${suffix}.`;
    const schema = `wick_test_pp_${options.name.replace(/[^a-z0-9]/g, '_')}_${suffix}`;
    const bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: `pp-test-${options.name}`, logger: stderrErrorsLogger(`pp-test-${options.name}`), maxWaitTimeMs: 100 });
    await bus.createTopics([{ topic: `${prefix}wick.trades.v1`, partitions: options.partitions }]);
    const store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
    const redis = new Redis(`${REDIS_URL.replace(/\/\d*$/, '')}/${options.redisDatabase}`);
    await redis.flushdb();
    return new Scenario(options, prefix, bus, store, redis, schema);
  }

  get tradesTopic(): string {
    return `${this.prefix}wick.trades.v1`;
  }

  get candlesTopic(): string {
    return `${this.prefix}wick.candles.v1`;
  }

  get groupId(): string {
    return `${this.prefix}preprocessor`;
  }

  /** Command-line arguments of this scenario's preprocessors; `overrides` replaces settings by flag name. */
  args(overrides: Readonly<Record<string, string>> = {}): string[] {
    const settings: Record<string, string> = {
      'kafka-brokers': KAFKA_BROKERS,
      'redis-url': `${REDIS_URL.replace(/\/\d*$/, '')}/${this.options.redisDatabase}`,
      'database-url': DATABASE_URL,
      'database-schema': this.schema,
      'topic-prefix': this.prefix,
      'group-id': this.groupId,
      ...FAST_SETTINGS,
      ...overrides,
    };
    return Object.entries(settings).flatMap(([flag, value]) => [`--${flag}`, value]);
  }

  async startPreprocessor(name: string, overrides?: Readonly<Record<string, string>>): Promise<PreprocessorProcess> {
    const child = await PreprocessorProcess.start(name, this.args(overrides));
    this.children.push(child);
    return child;
  }

  /**
   * Replays the recording under every symbol; `progress` gets the fraction
   * sent after each send; `edit` may change the messages first (insert poison).
   */
  async replay(progress?: (fraction: number) => void, edit?: (messages: OutgoingMessage[]) => OutgoingMessage[]): Promise<number> {
    const all = replayMessages(await loadTrades(XRPETH_FILE), this.symbols);
    const messages = edit === undefined ? all : edit(all);
    const producer = await this.bus.producer();
    try {
      await replay(producer, this.tradesTopic, messages, this.options.pace, (sent) => progress?.(sent / messages.length));
    } finally {
      await producer.close();
    }
    return messages.length;
  }

  async loadReferences(intervals: readonly IntervalName[] = DEFAULT_INTERVALS): Promise<readonly ReferenceKlines[]> {
    this.references = await Promise.all(intervals.map((interval) => referenceKlines(XRPETH_FILE, interval)));
    return this.references;
  }

  /** Waits until every symbol's last candle of every interval is final in the store. */
  async waitForLastCandles(timeoutMs: number): Promise<void> {
    try {
      await waitForLastCandles(this.store, this.symbols, this.references, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; last output:\n${this.children.map((c) => `[${c.name}]\n${c.tail()}`).join('\n')}`, { cause: error });
    }
  }

  /** Differences from the reference in the store and on the candle topic (read with its own group), one line each. */
  differences(): Promise<string[]> {
    return differencesFromReference(this.store, this.bus, this.candlesTopic, `${this.prefix}reader`, this.symbols, this.references, 60_000);
  }

  /** Reads the dead-letter topic from its start (with a group of its own) until `count` letters arrived. */
  async deadLetters(count: number, timeoutMs: number): Promise<BusMessage[]> {
    const letters: BusMessage[] = [];
    const consumer = this.bus.consumer({ groupId: this.deadLetterGroup, topics: [this.deadLetterTopic] });
    await consumer.run({ eachBatch: async (batch) => void letters.push(...batch.messages) });
    try {
      const deadline = Date.now() + timeoutMs;
      while (letters.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} dead letters; ${letters.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await consumer.stop();
    }
    return letters;
  }

  /**
   * The records of the trade topic from each partition's committed offset to
   * its end (read with a group of its own that seeks there): what a graceful
   * stop left unread.
   */
  async unreadRecords(committed: readonly CommittedOffset[], ends: readonly PartitionRange[], timeoutMs: number): Promise<BusMessage[]> {
    const from = new Map(committed.map((entry) => [entry.partition, entry.offset ?? 0n]));
    const expected = ends.reduce((sum, range) => sum + Number(range.high - (from.get(range.partition) ?? 0n)), 0);
    const records: BusMessage[] = [];
    const consumer = this.bus.consumer({ groupId: this.unreadGroup, topics: [this.tradesTopic] });
    await consumer.run({
      onAssigned: async (partitions) => {
        for (const tp of partitions) consumer.seek({ ...tp, offset: from.get(tp.partition) ?? 0n });
      },
      eachBatch: async (batch) => void records.push(...batch.messages),
    });
    try {
      const deadline = Date.now() + timeoutMs;
      while (records.length < expected) {
        if (Date.now() > deadline) throw new Error(`timed out reading ${expected} unread records; ${records.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await consumer.stop();
    }
    return records;
  }

  private get unreadGroup(): string {
    return `${this.prefix}unread-reader`;
  }

  get deadLetterTopic(): string {
    return `${this.tradesTopic}.dlq`;
  }

  private get deadLetterGroup(): string {
    return `${this.prefix}dlq-reader`;
  }

  /** Partitions whose checkpoint slot in this scenario's Redis database holds an offset. */
  async checkpointedPartitions(): Promise<number> {
    const metas = await this.redis.keys('*:meta');
    const offsets = await Promise.all(metas.map((key) => this.redis.hget(key, 'offset')));
    return offsets.filter((offset) => offset !== null).length;
  }

  async flushRedis(): Promise<void> {
    await this.redis.flushdb();
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.children.map((child) => child.kill()));
    await this.bus.deleteTopics([this.tradesTopic, this.candlesTopic, this.deadLetterTopic]).catch(() => undefined);
    await deleteGroups([this.groupId, `${this.prefix}reader`, this.deadLetterGroup, this.unreadGroup]).catch(() => undefined);
    await this.bus.close().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    await dropSchema(this.schema).catch(() => undefined);
    await this.redis.flushdb().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}
