// Reads the candle topic (wick.candles.v1) into the hub. Every instance reads
// the whole topic itself, in a consumer group of its own, so any instance can
// serve any subscriber and instances scale out without coordination. Nothing
// is committed: a new reader starts near the end of each partition, replaying
// the last `warmupMessages` so the hub knows the running partials and the
// newest finals at once. After a failure the reader starts again where it
// stopped (offsets kept in memory), so subscribers see no gap.
import type { Bus, BusConsumer, MessageBatch, TopicPartition } from '../../../common/bus/index.js';
import { isBusError } from '../../../common/bus/index.js';
import type { ReadinessCheck } from '../../../common/http/index.js';
import type { Logger } from '../../../common/log/index.js';
import { decodeCandle, SerdeError } from '../../../common/serde/index.js';
import type { LiveFeedMetrics } from '../metrics.js';
import type { CandleHub } from './candle-hub.js';
import { LiveCandle } from './live-candle.js';

export interface LiveFeedOptions {
  readonly bus: Bus;
  readonly topic: string;
  /** Unique per process (e.g. analytics-api-<host>-<pid>-<random>): readers never share partitions. */
  readonly groupId: string;
  readonly hub: CandleHub;
  readonly logger: Logger;
  readonly metrics: LiveFeedMetrics;
  /** Messages per partition replayed on start; 0 starts at the end. */
  readonly warmupMessages: number;
  /** Called for each accepted update (the series catalogue learns live series). */
  readonly onAccepted?: (candle: LiveCandle) => void;
  /** First delay after a failure; doubles up to maxRestartDelayMs. */
  readonly restartDelayMs?: number;
  readonly maxRestartDelayMs?: number;
  readonly now?: () => number;
}

export class LiveFeed {
  private readonly stopped = new AbortController();
  private consumer: BusConsumer | undefined;
  private running: Promise<void> | undefined;
  /** Next offset to read per partition, kept across restarts. */
  private readonly positions = new Map<number, bigint>();
  /** Offsets each partition must reach to count as caught up (the topic's end when reading started). */
  private readonly targets = new Map<number, bigint>();
  private caughtUp = false;
  private readonly now: () => number;

  constructor(private readonly options: LiveFeedOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts reading in the background; see readiness() for when the hub is current. */
  start(): void {
    this.running ??= this.supervise();
  }

  /** Ready once every partition has been read up to where it ended when reading (re)started. */
  readiness(): ReadinessCheck {
    return {
      name: 'candle-feed',
      check: async () => {
        if (!this.caughtUp) throw new Error(`reading ${this.options.topic}: not caught up yet`);
      },
    };
  }

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    await this.consumer?.stop().catch(() => undefined);
    await this.running;
  }

  private async supervise(): Promise<void> {
    let delayMs = this.options.restartDelayMs ?? 500;
    while (!this.stopped.signal.aborted) {
      try {
        await this.readUntilFailure();
        delayMs = this.options.restartDelayMs ?? 500;
      } catch (error) {
        if (this.stopped.signal.aborted) break;
        this.setCaughtUp(false);
        this.options.metrics.restarts.inc();
        const waiting = isBusError(error, 'unknown-topic');
        this.options.logger[waiting ? 'warn' : 'error']({ err: error, topic: this.options.topic, retryInMs: delayMs },
          waiting ? 'candle topic does not exist yet; waiting for it' : 'candle topic reader failed; starting again');
        await sleep(delayMs, this.stopped.signal);
        delayMs = Math.min(delayMs * 2, this.options.maxRestartDelayMs ?? 10_000);
      }
    }
  }

  private async readUntilFailure(): Promise<void> {
    const consumer = this.options.bus.consumer({ groupId: this.options.groupId, topics: [this.options.topic], fromBeginning: false });
    this.consumer = consumer;
    await consumer.run({
      onAssigned: (partitions) => this.position(consumer, partitions),
      eachBatch: async (batch) => this.deliver(batch),
    });
    if (this.stopped.signal.aborted) await consumer.stop();
    await consumer.done();
    if (!this.stopped.signal.aborted) throw new Error('the candle topic reader ended without being stopped');
  }

  private async position(consumer: BusConsumer, partitions: readonly TopicPartition[]): Promise<void> {
    const ranges = await this.options.bus.offsets(this.options.topic);
    this.targets.clear();
    for (const { partition } of partitions) {
      const range = ranges.find((candidate) => candidate.partition === partition);
      if (range === undefined) continue;
      const resume = this.positions.get(partition);
      const warm = range.high - BigInt(this.options.warmupMessages);
      const from = maxOf(range.low, resume ?? (warm > 0n ? warm : 0n));
      consumer.seek({ topic: this.options.topic, partition, offset: from });
      if (from < range.high) this.targets.set(partition, range.high);
    }
    this.options.logger.info({ topic: this.options.topic, partitions: partitions.length, catchingUp: this.targets.size }, 'reading the candle topic');
    this.setCaughtUp(this.targets.size === 0);
  }

  private deliver(batch: MessageBatch): void {
    const { hub, metrics, logger } = this.options;
    const receivedAt = this.now();
    for (const message of batch.messages) {
      let candle: LiveCandle;
      try {
        candle = LiveCandle.fromFeed(decodeCandle(message.value), message.value, receivedAt);
      } catch (error) {
        if (!(error instanceof SerdeError)) throw error;
        metrics.updates.inc({ outcome: 'invalid' });
        logger.warn({ err: error, topic: batch.topic, partition: batch.partition, offset: message.offset.toString() }, 'skipping an invalid candle update');
        continue;
      }
      if (hub.publish(candle)) {
        metrics.updates.inc({ outcome: 'accepted' });
        this.options.onAccepted?.(candle);
      } else {
        metrics.updates.inc({ outcome: 'duplicate' });
      }
    }
    const last = batch.messages.at(-1);
    if (last === undefined) return;
    this.positions.set(batch.partition, last.offset + 1n);
    const target = this.targets.get(batch.partition);
    if (target !== undefined && last.offset + 1n >= target) {
      this.targets.delete(batch.partition);
      if (this.targets.size === 0) this.setCaughtUp(true);
    }
    metrics.series.set(hub.seriesCount);
  }

  private setCaughtUp(value: boolean): void {
    if (value && !this.caughtUp) this.options.logger.info({ topic: this.options.topic }, 'candle topic reader caught up');
    this.caughtUp = value;
    this.options.metrics.caughtUp.set(value ? 1 : 0);
  }
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
