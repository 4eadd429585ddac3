// One incarnation of the preprocessor's consumer-group member: the bus
// consumer and a PartitionWorker per owned partition. onAssigned restores
// (or rebuilds) each partition and seeks to its checkpoint before any of its
// messages arrives; onRevoked writes a last checkpoint; a failure ends the
// incarnation and the Preprocessor starts a new one, which resumes every
// partition from its last checkpoint.
import type { BusConsumer, MessageBatch, TopicPartition } from '../../common/bus/index.js';
import { isBusError } from '../../common/bus/index.js';
import type { Logger } from '../../common/log/index.js';
import { LogBudget } from './log-budget.js';
import { Checkpointer } from './checkpoint/checkpointer.js';
import type { OrderedSender } from './emit/ordered-sender.js';
import { StoreWriter } from './emit/store-writer.js';
import type { EngineFactory } from './engine-port/snapshot-engine.js';
import type { PreprocessorMetrics } from './metrics.js';
import { startPartition, type StartContext } from './partition-start.js';
import { PartitionWorker, type WorkerTiming } from './partition-worker.js';
import { PartitionEngines, type EngineSettings, type UncountedTrade } from './processing/partition-engines.js';

export interface MemberSettings {
  readonly groupId: string;
  readonly tradesTopic: string;
  readonly maxBatch: number;
  readonly engine: EngineSettings;
  readonly timing: WorkerTiming;
}

export interface MemberParts {
  readonly start: StartContext;
  readonly createEngine: EngineFactory;
  readonly candles: OrderedSender;
  readonly deadLetters: OrderedSender;
  /** Idle marks into the trade topic. */
  readonly marks: OrderedSender;
  readonly now: () => number;
  readonly metrics: PreprocessorMetrics;
  readonly logger: Logger;
}

export class GroupMember {
  private readonly workers = new Map<number, PartitionWorker>();
  private consumer: BusConsumer | undefined;
  private readonly uncountedLines: LogBudget;

  constructor(
    private readonly settings: MemberSettings,
    private readonly parts: MemberParts,
  ) {
    this.uncountedLines = new LogBudget(20, 10_000, parts.now);
  }

  /** Joins the group; resolves after the first assignment. `ended` learns of a failure that ends this incarnation. */
  async run(ended: (error: unknown) => void): Promise<void> {
    const consumer = this.parts.start.bus.consumer({ groupId: this.settings.groupId, topics: [this.settings.tradesTopic], maxBatchSize: this.settings.maxBatch });
    this.consumer = consumer;
    consumer.done().catch(ended);
    await consumer.run({
      onAssigned: (partitions) => this.assigned(consumer, partitions),
      onRevoked: (partitions) => this.revoked(partitions),
      eachBatch: (batch) => this.batch(batch),
    });
  }

  /** Leaves the group gracefully: a last checkpoint and commit per partition. */
  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Why one of the partitions stopped working, if one did: the incarnation must be replaced. */
  failure(): unknown {
    for (const worker of this.workers.values()) if (worker.failure !== undefined) return worker.failure;
    return undefined;
  }

  tick(): void {
    for (const worker of this.workers.values()) worker.tick();
  }

  observeHighs(highs: ReadonlyMap<number, bigint>, at: number): void {
    for (const [partition, worker] of this.workers) {
      const high = highs.get(partition);
      if (high !== undefined) worker.observeHigh(high, at);
    }
  }

  private async assigned(consumer: BusConsumer, partitions: readonly TopicPartition[]): Promise<void> {
    const started = await Promise.all(partitions.map(async (tp) => [tp, await this.startWorker(consumer, tp)] as const));
    for (const [tp, { worker, seekTo }] of started) {
      if (seekTo !== undefined) consumer.seek({ ...tp, offset: seekTo });
      this.workers.set(tp.partition, worker);
    }
    this.parts.metrics.ownedPartitions.set(this.workers.size);
    this.parts.logger.info({ partitions: partitions.map((tp) => tp.partition) }, 'assigned partitions');
  }

  private async startWorker(consumer: BusConsumer, tp: TopicPartition): Promise<{ worker: PartitionWorker; seekTo: bigint | undefined }> {
    const log = this.parts.logger.child({ partition: tp.partition });
    const engines = new PartitionEngines(this.settings.engine, this.parts.createEngine, (uncounted) => this.uncounted(log, uncounted));
    const start = await startPartition(tp, engines, this.parts.start);
    const worker = new PartitionWorker(
      {
        partition: tp.partition,
        engines,
        checkpointer: new Checkpointer(start.slot, start.owner, this.parts.start.barStore, this.parts.start.retrying, start),
        candles: this.parts.candles,
        deadLetters: this.parts.deadLetters,
        marks: this.parts.marks,
        store: new StoreWriter(this.parts.start.store, this.parts.start.retrying, (count) => this.parts.metrics.storeWrites.inc(count)),
        commit: (offset) => commit(consumer, tp, offset, log),
        now: this.parts.now,
        timing: this.settings.timing,
        metrics: this.parts.metrics,
        logger: log,
      },
      { offset: start.seekTo ?? 0n, expectFirst: start.seekTo !== undefined },
    );
    return { worker, seekTo: start.seekTo };
  }

  private async revoked(partitions: readonly TopicPartition[]): Promise<void> {
    await Promise.all(
      partitions.map(async ({ partition }) => {
        const worker = this.workers.get(partition);
        this.workers.delete(partition);
        await worker?.revoke();
      }),
    );
    this.parts.metrics.ownedPartitions.set(this.workers.size);
    this.parts.logger.info({ partitions: partitions.map((tp) => tp.partition) }, 'revoked partitions');
  }

  private async batch(batch: MessageBatch): Promise<void> {
    const worker = this.workers.get(batch.partition);
    if (worker === undefined) throw new Error(`a batch of ${batch.topic}[${batch.partition}], which this member does not own`);
    await worker.handleBatch(batch);
  }

  private uncounted(log: Logger, { exchange, discard }: UncountedTrade): void {
    this.parts.metrics.uncounted.inc({ reason: discard.reason });
    if (discard.reason === 'duplicate') return;
    // Not a poison record (it decoded and is valid), but a trade missing from some candle: worth a line, within a budget.
    const budget = this.uncountedLines.take();
    if (!budget.allowed) return;
    log.warn({ exchange, symbol: discard.trade.symbol, reason: discard.reason, interval: discard.interval, time: discard.trade.time, linesLeftOut: budget.suppressed }, discard.message);
  }
}

/** Commits after a checkpoint; a group that moved on is fine, since the next owner resumes from the checkpoint. */
async function commit(consumer: BusConsumer, tp: TopicPartition, offset: bigint, log: Logger): Promise<void> {
  try {
    await consumer.commit([{ ...tp, offset }]);
  } catch (error) {
    if (!isBusError(error, 'rebalanced') && !isBusError(error, 'not-owned') && !isBusError(error, 'closed')) throw error;
    log.debug({ err: error, offset: offset.toString() }, 'the commit after a checkpoint was refused; the checkpoint stands');
  }
}
