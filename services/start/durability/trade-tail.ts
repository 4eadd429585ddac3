// Follows the trade topic of the in-process bus and answers, for a partition
// and an offset O, the last message of each key below O. That is what a
// checkpoint at O needs to be resumable after a restart, when the bus starts
// empty: the collector reads the last trade of each symbol back from the
// topic (as it does from Kafka) and resumes right after it, while the
// preprocessor resumes from its checkpoint, which counted exactly the trades
// up to those messages.
//
// Memory stays small: per partition, the last message of each key settled
// below the latest asked offset, plus the messages read since then (about a
// checkpoint interval's worth).
import type { Bus, BusConsumer, BusMessage } from '../../../common/bus/index.js';
import { isControlRecord } from '../../preprocessor/processing/idle-mark.js';
import type { TailMessage } from './checkpoint-table.js';

interface PartitionTail {
  /** Next offset this reader will see. */
  position: bigint;
  /** Last message per key below the latest settled offset. */
  readonly settled: Map<string, TailMessage>;
  /** Messages read at or after the latest settled offset, in offset order. */
  pending: BusMessage[];
  waiters: Array<{ offset: bigint; wake: () => void; fail: (error: Error) => void }>;
}

export class TradeTail {
  private readonly partitions = new Map<number, PartitionTail>();
  private consumer: BusConsumer | undefined;
  private stopped: Error | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  /** Starts reading the topic from its beginning; resolves once the reader has its partitions. */
  async start(): Promise<void> {
    const consumer = this.bus.consumer({ groupId: this.groupId, topics: [this.topic], fromBeginning: true });
    this.consumer = consumer;
    consumer.done().catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
    await consumer.run({ eachBatch: async (batch) => this.read(batch.partition, batch.messages) });
  }

  /** The last message of each key of `partition` below `offset`, once the reader got that far. */
  async lastBefore(partition: number, offset: bigint): Promise<TailMessage[]> {
    const tail = this.tail(partition);
    if (tail.position < offset) {
      if (this.stopped !== undefined) throw this.stopped;
      await new Promise<void>((wake, fail) => tail.waiters.push({ offset, wake, fail }));
    }
    let kept = 0;
    for (const message of tail.pending) {
      if (message.offset >= offset) break;
      tail.settled.set(message.key, { key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp });
      kept += 1;
    }
    tail.pending = tail.pending.slice(kept);
    return [...tail.settled.values()];
  }

  async stop(): Promise<void> {
    this.fail(new Error('the trade tail reader stopped'));
    await this.consumer?.stop();
  }

  private read(partition: number, messages: readonly BusMessage[]): void {
    const tail = this.tail(partition);
    for (const message of messages) {
      if (message.offset < tail.position) continue;
      // The preprocessor's idle marks are no trades: a restart must neither republish one nor hand it to the collector.
      if (!isControlRecord(message)) tail.pending.push(message);
      tail.position = message.offset + 1n;
    }
    const waiting = tail.waiters;
    tail.waiters = [];
    for (const waiter of waiting) {
      if (waiter.offset <= tail.position) waiter.wake();
      else tail.waiters.push(waiter);
    }
  }

  private fail(error: Error): void {
    this.stopped ??= error;
    for (const tail of this.partitions.values()) {
      for (const waiter of tail.waiters) waiter.fail(error);
      tail.waiters = [];
    }
  }

  private tail(partition: number): PartitionTail {
    let tail = this.partitions.get(partition);
    if (tail === undefined) {
      tail = { position: 0n, settled: new Map(), pending: [], waiters: [] };
      this.partitions.set(partition, tail);
    }
    return tail;
  }
}
