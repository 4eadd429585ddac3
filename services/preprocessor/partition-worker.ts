// The work on one owned trade partition: decode a batch, count it in the
// partition's engines, send the candle updates and dead letters, stage the
// store writes, and checkpoint on schedule. Batches do not wait for their
// sends to be acknowledged (the next batch is decoded meanwhile); the
// checkpoint waits for all of them before it writes, so nothing is
// checkpointed before it is durable. An idle partition moves its watermark
// with the wall clock so quiet symbols still close: by writing an idle mark
// into its own trade partition and applying it when it reads it back, so
// the candles depend on the partition's log alone (processing/idle-mark.ts).
import type { BusMessage, MessageBatch } from '../../common/bus/index.js';
import type { Candle } from '../../common/candles/candle.js';
import type { Logger } from '../../common/log/index.js';
import { FencedError, type Checkpointer } from './checkpoint/checkpointer.js';
import { candleMessages } from './emit/candle-messages.js';
import { deadLetterMessages } from './emit/dead-letter-messages.js';
import type { OrderedSender } from './emit/ordered-sender.js';
import type { StoreWriter } from './emit/store-writer.js';
import type { PreprocessorMetrics } from './metrics.js';
import type { PartitionEngines } from './processing/partition-engines.js';
import { appliesAt, idleMarkMessage, isControlRecord, readIdleMark } from './processing/idle-mark.js';
import { decodeBatch, type DeadLetter } from './processing/trade-decoder.js';

export interface WorkerTiming {
  readonly checkpointIntervalMs: number;
  readonly idleTimeoutMs: number;
  /** Event-time ms an idle partition advances per wall-clock ms. */
  readonly idleClockRate: number;
  /** Unacknowledged candle messages past which a batch waits for the sends. */
  readonly maxBacklog: number;
  /**
   * A partition counts as caught up only on a high watermark polled this
   * recently: after a pause (GC, a suspended VM or process) the member must
   * look at Kafka again before it takes its partition for idle.
   */
  readonly highMaxAgeMs: number;
}

export interface WorkerParts {
  readonly partition: number;
  readonly engines: PartitionEngines;
  readonly checkpointer: Checkpointer;
  readonly candles: OrderedSender;
  readonly deadLetters: OrderedSender;
  /** Sends idle marks to the trade topic (the partition this worker reads). */
  readonly marks: OrderedSender;
  readonly store: StoreWriter;
  /** Commits the next offset to read; the caller tolerates a group that moved on. */
  readonly commit: (offset: bigint) => Promise<void>;
  readonly now: () => number;
  readonly timing: WorkerTiming;
  readonly metrics: PreprocessorMetrics;
  readonly logger: Logger;
}

export class PartitionWorker {
  private offset: bigint;
  private committed: bigint | undefined;
  private changed = false;
  private broken: unknown;
  private checkpointing: Promise<void> | undefined;
  private lastCheckpointAt: number;
  private lastActivityAt: number;
  /** Watermark and wall time of the last trade: idle time is measured from here. */
  private anchorEvent: number;
  private highSeen: { readonly high: bigint; readonly at: number } | undefined;
  /** The offset this worker's last idle mark expects to get, until the worker has read past it. */
  private markExpectedAt: bigint | undefined;
  private expectedFirst: bigint | undefined;
  private readonly label: string;

  constructor(
    private readonly parts: WorkerParts,
    start: { readonly offset: bigint; readonly expectFirst: boolean },
  ) {
    this.offset = start.offset;
    this.expectedFirst = start.expectFirst ? start.offset : undefined;
    const now = parts.now();
    this.lastCheckpointAt = now;
    this.lastActivityAt = now;
    this.anchorEvent = parts.engines.watermarkMs;
    this.label = String(parts.partition);
  }

  get nextOffset(): bigint {
    return this.offset;
  }

  /** Why this worker stopped working (fenced, a send, store or Redis failure), or undefined. */
  get failure(): unknown {
    return this.broken;
  }

  /** Handles a batch; returns a promise only when the sends are too far behind and the batch must wait for them. */
  handleBatch(batch: MessageBatch): Promise<void> | undefined {
    if (this.broken !== undefined) throw this.broken;
    const { messages } = batch;
    const last = messages[messages.length - 1];
    if (last === undefined) return undefined;
    this.checkFirst(messages[0] as BusMessage);
    const now = this.parts.now();
    // Control records are rare: split the batch at them only when there is one.
    let from = 0;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as BusMessage;
      if (!isControlRecord(message)) continue;
      if (i > from) this.applyRecords(messages.slice(from, i), now);
      this.applyControl(message);
      from = i + 1;
    }
    if (from < messages.length) this.applyRecords(from === 0 ? messages : messages.slice(from), now);
    this.offset = last.offset + 1n;
    if (this.markExpectedAt !== undefined && this.offset > this.markExpectedAt) this.markExpectedAt = undefined;
    this.changed = true;
    this.maybeCheckpoint(now);
    return this.parts.candles.backlog > this.parts.timing.maxBacklog ? this.parts.candles.drained() : undefined;
  }

  /** Kafka's end offset of the partition, as last polled. */
  observeHigh(high: bigint, at: number): void {
    this.highSeen = { high, at };
    this.parts.metrics.lag.set({ partition: this.label }, Number(high > this.offset ? high - this.offset : 0n));
  }

  /** Timer work: idle marks, scheduled checkpoints and the watermark-delay gauge. */
  tick(): void {
    if (this.broken !== undefined) return;
    const now = this.parts.now();
    if (this.markExpectedAt === undefined && this.idle(now) && Number.isFinite(this.anchorEvent)) {
      const target = this.anchorEvent + Math.floor((now - this.lastActivityAt) * this.parts.timing.idleClockRate);
      // A mark costs a Kafka record: write one only when moving the clock there emits something.
      if (target > this.parts.engines.watermarkMs && target >= this.parts.engines.nextDueMs()) this.writeMark(target);
    }
    const watermark = this.parts.engines.watermarkMs;
    if (Number.isFinite(watermark)) this.parts.metrics.watermarkDelay.set({ partition: this.label }, (now - watermark) / 1_000);
    this.maybeCheckpoint(now);
  }

  /** The partition is being taken away: a last checkpoint and commit of what changed, unless another owner already has it. */
  async revoke(): Promise<void> {
    await this.checkpointing?.catch(() => undefined);
    // Unchanged since the start: the slot already holds the right checkpoint (or, fresh or rebuilt, none is needed).
    if (this.broken !== undefined || !this.changed) return;
    try {
      await this.checkpoint();
    } catch (error) {
      // The next owner restores the previous checkpoint and replays from it: still exact.
      if (!(error instanceof FencedError)) this.parts.logger.error({ err: error }, 'the last checkpoint before revocation failed');
    } finally {
      this.parts.metrics.lag.remove({ partition: this.label });
      this.parts.metrics.watermarkDelay.remove({ partition: this.label });
    }
  }

  private idle(now: number): boolean {
    const { idleTimeoutMs, highMaxAgeMs } = this.parts.timing;
    if (now - this.lastActivityAt < idleTimeoutMs) return false;
    // Trades waiting in Kafka mean the partition is behind, not idle; a high
    // watermark polled before a pause says nothing about what came since.
    const seen = this.highSeen;
    return seen !== undefined && seen.at >= this.lastActivityAt && now - seen.at <= highMaxAgeMs && seen.high <= this.offset;
  }

  /** Trades (and poison) of one run between control records: counted, emitted, and the idle clock restarted. */
  private applyRecords(messages: readonly BusMessage[], now: number): void {
    const { trades, deadLetters } = decodeBatch(messages);
    const { candles, refused } = this.parts.engines.apply(trades);
    this.lastActivityAt = now;
    this.anchorEvent = this.parts.engines.watermarkMs;
    this.parts.metrics.trades.inc({ partition: this.label }, messages.length);
    this.emit(candles, refused.length === 0 ? deadLetters : [...deadLetters, ...refused], tracedMessages(trades));
  }

  /** An idle mark moves the clock where its writer expected it to land, and nowhere else; it is no activity. */
  private applyControl(message: BusMessage): void {
    const read = readIdleMark(message);
    if ('error' in read) {
      this.emit([], [{ reason: 'invalid-control', detail: read.error, message }], undefined);
      return;
    }
    if (!appliesAt(read.mark, message)) {
      this.parts.metrics.idleMarks.inc({ outcome: 'stale' });
      return;
    }
    this.parts.metrics.idleMarks.inc({ outcome: 'applied' });
    this.emit(this.parts.engines.advanceTo(read.mark.watermarkMs), [], undefined);
  }

  private writeMark(watermarkMs: number): void {
    const expectedOffset = this.offset;
    this.markExpectedAt = expectedOffset;
    this.parts.metrics.idleMarks.inc({ outcome: 'written' });
    this.parts.marks.send([idleMarkMessage(this.parts.partition, { watermarkMs, expectedOffset })]).catch((error: unknown) => this.fail(error));
  }

  private emit(candles: readonly Candle[], letters: readonly DeadLetter[], traced: ReadonlyMap<string, BusMessage> | undefined): void {
    if (candles.length > 0) {
      countCandles(this.parts.metrics, candles);
      this.parts.candles.send(candleMessages(candles, this.parts.engines.watermarkMs, traced)).catch((error: unknown) => this.fail(error));
      this.parts.store.stage(candles);
    }
    if (letters.length > 0) {
      for (const letter of letters) this.parts.metrics.deadLetters.inc({ reason: letter.reason });
      this.parts.logger.warn({ count: letters.length, first: { reason: letters[0]!.reason, detail: letters[0]!.detail } }, 'dead-lettered trade messages');
      this.parts.deadLetters.send(deadLetterMessages(letters)).catch((error: unknown) => this.fail(error));
    }
  }

  private maybeCheckpoint(now: number): void {
    if (this.checkpointing !== undefined || !this.changed || now - this.lastCheckpointAt < this.parts.timing.checkpointIntervalMs) return;
    this.lastCheckpointAt = now;
    this.checkpointing = this.checkpoint()
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.checkpointing = undefined;
      });
  }

  private async checkpoint(): Promise<void> {
    const started = this.parts.now();
    this.changed = false;
    try {
      const report = await this.parts.checkpointer.write({
        nextOffset: this.offset,
        snapshot: (mode) => this.parts.engines.snapshot(mode),
        durable: () => this.durable(),
      });
      if (report.offset !== this.committed) {
        await this.parts.commit(report.offset);
        this.committed = report.offset;
      }
      this.parts.metrics.checkpoints.inc({ outcome: 'written' });
      this.parts.metrics.checkpointBytes.observe({ mode: report.mode }, report.bytes);
      this.parts.metrics.checkpointDuration.observe((this.parts.now() - started) / 1_000);
    } catch (error) {
      this.changed = true;
      this.parts.metrics.checkpoints.inc({ outcome: error instanceof FencedError ? 'fenced' : 'failed' });
      throw error;
    }
  }

  private async durable(): Promise<void> {
    await Promise.all([this.parts.candles.drained(), this.parts.deadLetters.drained()]);
    await this.parts.store.flush();
  }

  /** After a seek to a checkpoint: a first message past it means Kafka no longer had the trades in between. */
  private checkFirst(first: BusMessage): void {
    const expected = this.expectedFirst;
    if (expected === undefined) return;
    this.expectedFirst = undefined;
    if (first.offset > expected) {
      this.parts.metrics.inexact.inc();
      this.parts.logger.error(
        { expected: expected.toString(), first: first.offset.toString(), missing: (first.offset - expected).toString() },
        'trades between the checkpoint and the first retained message were deleted by Kafka retention: candles of that span are incomplete',
      );
    }
  }

  private fail(error: unknown): void {
    if (this.broken !== undefined) return;
    this.broken = error;
    if (error instanceof FencedError) this.parts.logger.warn(error.message);
    else this.parts.logger.error({ err: error }, 'partition work failed; the member restarts from the last checkpoint');
  }
}

function countCandles(metrics: PreprocessorMetrics, candles: readonly Candle[]): void {
  let partials = 0;
  let finals = 0;
  let revisions = 0;
  for (const candle of candles) {
    if (!candle.closed) partials++;
    else if (candle.revision === 0) finals++;
    else revisions++;
  }
  if (partials > 0) metrics.candles.inc({ kind: 'partial' }, partials);
  if (finals > 0) metrics.candles.inc({ kind: 'final' }, finals);
  if (revisions > 0) metrics.candles.inc({ kind: 'revision' }, revisions);
}

/** The newest trade message carrying a trace context, per exchange:SYMBOL; undefined when none does (the usual case). */
function tracedMessages(trades: ReadonlyArray<{ readonly message: BusMessage }>): Map<string, BusMessage> | undefined {
  let traced: Map<string, BusMessage> | undefined;
  for (const { message } of trades) {
    if (message.headers.traceparent !== undefined) (traced ??= new Map()).set(message.key, message);
  }
  return traced;
}
