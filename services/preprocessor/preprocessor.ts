// The preprocessor: trades in Kafka to candles in Kafka, Redis and the
// candle store, as one member of a consumer group. It owns the topics'
// set-up, the producer, the timers (idle watermarks, scheduled checkpoints,
// consumer lag) and the member's life: a member whose partition work failed
// (fenced by a newer owner, a send, store or Redis failure past its retries)
// is replaced by a new one that resumes from the checkpoints. Dependencies
// come through the constructor, so the embedded mode runs the same class on
// the in-process bus, the memory bar store and PGlite.
import type { BarStore } from '../../common/barstore/index.js';
import { isBusError, type Bus, type BusProducer, type OffsetLookup, type TopicSpec } from '../../common/bus/index.js';
import type { ReadinessCheck } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { RetryMetrics } from '../../common/retry/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { OrderedSender } from './emit/ordered-sender.js';
import type { EngineFactory } from './engine-port/snapshot-engine.js';
import { GroupMember, type MemberSettings } from './group-member.js';
import type { PreprocessorMetrics } from './metrics.js';
import type { SeedSettings } from './rebuild/symbol-seed.js';
import { retrying } from './retrying.js';

export interface PreprocessorSettings extends MemberSettings {
  readonly candlesTopic: string;
  readonly deadLetterTopic: string;
  /** Partitions of the candle topic when it must be created; default the trade topic's. */
  readonly candlePartitions?: number;
  /** Redis key prefix of this group's checkpoints. */
  readonly scope: string;
  readonly rebuildClockSkewMs: number;
  /** How often the timers run (idle watermarks, due checkpoints). */
  readonly tickMs: number;
  /** How often Kafka's end offsets are polled (lag, idleness). */
  readonly lagPollMs: number;
  /** Wait before a failed member is replaced. */
  readonly restartDelayMs: number;
}

export interface PreprocessorDeps {
  readonly bus: Bus & OffsetLookup;
  readonly barStore: BarStore;
  readonly store: CandleStore;
  readonly createEngine: EngineFactory;
  /** Wall clock, ms since the epoch. */
  readonly now: () => number;
  readonly metrics: PreprocessorMetrics;
  readonly retryMetrics: RetryMetrics;
  readonly logger: Logger;
}

export class Preprocessor {
  private producer: BusProducer | undefined;
  private candles: OrderedSender | undefined;
  private deadLetters: OrderedSender | undefined;
  private marks: OrderedSender | undefined;
  private member: GroupMember | undefined;
  private replacing: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly settings: PreprocessorSettings,
    private readonly deps: PreprocessorDeps,
  ) {}

  /** Creates missing output topics, joins the group and starts the timers; resolves after the first assignment. */
  async start(): Promise<void> {
    // A topic created moments ago may not be in the broker's metadata yet; what the bus reports (a missing trade topic) is final.
    const retry = retrying({ logger: this.deps.logger, metrics: this.deps.retryMetrics, signal: this.abort.signal });
    await retry('kafka-topics', () => this.ensureTopics(), (error) => !isBusError(error));
    await this.startMember();
    this.timers.push(setInterval(() => this.tick(), this.settings.tickMs));
    this.timers.push(setInterval(() => void this.pollLag(), this.settings.lagPollMs));
    void this.pollLag();
  }

  /** Graceful stop: no more batches, a last checkpoint and commit per partition, then the producer closes. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.replacing?.catch(() => undefined);
    // The last checkpoints still get their retries; only what outlives the member is cut short.
    await this.member?.stop();
    this.abort.abort();
    await this.producer?.close();
  }

  readinessChecks(): ReadinessCheck[] {
    return [
      { name: 'kafka', check: async () => void (await this.deps.bus.offsets(this.settings.tradesTopic)) },
      { name: 'redis', check: () => this.deps.barStore.ping() },
      { name: 'postgres', check: () => this.deps.store.ping() },
    ];
  }

  private async startMember(): Promise<void> {
    if (this.producer === undefined || this.sendersFailed()) await this.openProducer();
    const { deps, settings } = this;
    const member = new GroupMember(settings, {
      start: {
        bus: deps.bus,
        barStore: deps.barStore,
        store: deps.store,
        groupId: settings.groupId,
        scope: settings.scope,
        rebuild: this.seedSettings(),
        retrying: retrying({ logger: deps.logger, metrics: deps.retryMetrics, signal: this.abort.signal }),
        metrics: deps.metrics,
        logger: deps.logger,
      },
      createEngine: deps.createEngine,
      candles: this.candles!,
      deadLetters: this.deadLetters!,
      marks: this.marks!,
      now: deps.now,
      metrics: deps.metrics,
      logger: deps.logger,
    });
    this.member = member;
    await member.run((error) => this.replaceMember(member, error));
  }

  /** Replaces a failed member (once per failure); the new one resumes every partition from its checkpoint. */
  private replaceMember(failed: GroupMember, error: unknown): void {
    if (this.stopping || this.member !== failed || this.replacing !== undefined) return;
    this.deps.metrics.memberRestarts.inc();
    this.deps.logger.warn({ err: error }, 'replacing the consumer group member');
    this.replacing = (async () => {
      // Graceful where possible: the partitions that still work get a last checkpoint.
      await failed.stop().catch(() => undefined);
      while (!this.stopping) {
        await new Promise((resolve) => setTimeout(resolve, this.settings.restartDelayMs));
        if (this.stopping) return;
        try {
          await this.startMember();
          return;
        } catch (startError) {
          this.deps.logger.error({ err: startError }, 'the new group member could not start; trying again');
        }
      }
    })().finally(() => {
      this.replacing = undefined;
    });
  }

  private tick(): void {
    const member = this.member;
    if (member === undefined || this.replacing !== undefined) return;
    member.tick();
    const failure = member.failure();
    if (failure !== undefined) this.replaceMember(member, failure);
  }

  private async pollLag(): Promise<void> {
    try {
      const ranges = await this.deps.bus.offsets(this.settings.tradesTopic);
      const at = this.deps.now();
      this.member?.observeHighs(new Map(ranges.map((range) => [range.partition, range.high])), at);
    } catch (error) {
      this.deps.logger.debug({ err: error }, 'could not read the trade topic offsets');
    }
  }

  private async openProducer(): Promise<void> {
    const previous = this.producer;
    this.producer = await this.deps.bus.producer();
    this.candles = new OrderedSender(this.producer, this.settings.candlesTopic);
    this.deadLetters = new OrderedSender(this.producer, this.settings.deadLetterTopic);
    this.marks = new OrderedSender(this.producer, this.settings.tradesTopic);
    await previous?.close().catch(() => undefined);
  }

  private sendersFailed(): boolean {
    const failed = (sender: OrderedSender | undefined): boolean => sender === undefined || sender.failed;
    return failed(this.candles) || failed(this.deadLetters) || failed(this.marks);
  }

  private async ensureTopics(): Promise<void> {
    const trades = await this.deps.bus.offsets(this.settings.tradesTopic);
    const specs: TopicSpec[] = [
      { topic: this.settings.candlesTopic, partitions: this.settings.candlePartitions ?? trades.length },
      { topic: this.settings.deadLetterTopic, partitions: trades.length },
    ];
    for (const spec of specs) {
      try {
        await this.deps.bus.offsets(spec.topic);
      } catch (error) {
        if (!isBusError(error, 'unknown-topic')) throw error;
        this.deps.logger.info({ topic: spec.topic, partitions: spec.partitions }, 'creating a missing topic');
        await this.deps.bus.createTopics([spec]);
      }
    }
  }

  private seedSettings(): SeedSettings & { clockSkewMs: number } {
    const { engine } = this.settings;
    return {
      intervals: engine.intervals,
      timezoneOffsetMinutes: engine.timezoneOffsetMinutes,
      revisionWindow: engine.revisionWindow,
      graceMs: engine.graceMs,
      clockSkewMs: this.settings.rebuildClockSkewMs,
    };
  }
}
