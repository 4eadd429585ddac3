// A member of an in-process consumer group. Each owned partition has its own
// delivery loop: read the next batch from the partition log, hand it to
// eachBatch, wait for it, repeat; when caught up, sleep until the next append
// (or a seek, revocation or stop wakes it). Nothing here uses timers.

import type { Tracer } from '@opentelemetry/api';
import type {
  BusConsumer,
  ConsumerHandlers,
  ConsumerOptions,
  PartitionOffset,
  TopicPartition,
} from '../bus.js';
import { deferred } from '../deferred.js';
import { BusError } from '../errors.js';
import type { BusLogger } from '../logger.js';
import { deliverTraced } from '../trace-context.js';
import { checkOffset, unknownTopics } from '../validation.js';
import { partitionKey, type GroupMember, type InProcessGroup } from './group.js';
import type { PartitionLog } from './partition-log.js';

export interface ConsumerEnvironment {
  readonly tracer: Tracer;
  readonly logger: BusLogger;
  readonly group: InProcessGroup;
  log(topic: string, partition: number): PartitionLog | undefined;
  hasTopic(topic: string): boolean;
  /** Called once the member is gone, so the bus stops tracking it. */
  ended(consumer: InProcessConsumer): void;
}

type State = 'new' | 'joining' | 'active' | 'stopping' | 'stopped' | 'failed';

interface OwnedPartition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to deliver. */
  position: bigint;
  /** Wakes the loop while it sleeps at the end of the log. */
  wake?: () => void;
}

const DEFAULT_MAX_BATCH = 1_000;
const SYSTEM = 'wick-in-process';
let memberSequence = 0;

export class InProcessConsumer implements BusConsumer, GroupMember {
  readonly memberId: string;
  readonly topics: readonly string[];
  private state: State = 'new';
  private handlers: ConsumerHandlers | undefined;
  private owned = new Map<string, OwnedPartition>();
  private delivering = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly firstAssignment = deferred<void>();
  private readonly finished = deferred<void>();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly env: ConsumerEnvironment,
  ) {
    memberSequence += 1;
    this.memberId = `${options.groupId}-${String(memberSequence).padStart(10, '0')}`;
    this.topics = [...options.topics];
  }

  async run(handlers: ConsumerHandlers): Promise<void> {
    if (this.state !== 'new') throw new BusError('closed', `consumer ${this.memberId}: run() may be called once`);
    const missing = this.topics.filter((topic) => !this.env.hasTopic(topic));
    if (missing.length > 0) throw unknownTopics(missing);
    this.handlers = handlers;
    this.state = 'joining';
    this.env.group.join(this).catch((error: unknown) => this.crash(asError(error, 'join')));
    await this.firstAssignment.promise;
  }

  async commit(offsets: readonly PartitionOffset[]): Promise<void> {
    for (const offset of offsets) {
      this.requireOwned(offset, 'commit');
      checkOffset(offset, 'commit');
    }
    this.env.group.commit(offsets);
  }

  seek(position: PartitionOffset): void {
    const owned = this.requireOwned(position, 'seek');
    checkOffset(position, 'seek to');
    owned.position = position.offset;
    owned.wake?.();
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  done(): Promise<void> {
    return this.finished.promise;
  }

  /**
   * Ends the member the way a process death would: no onRevoked, no further
   * commits (a handler still running can no longer commit), and the group
   * hands its partitions to the others from their last committed offsets.
   * A rejected handler takes the same path.
   */
  crash(reason: Error): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.env.logger.error({ groupId: this.options.groupId, memberId: this.memberId, err: reason }, 'bus consumer failed');
    this.state = 'failed';
    this.halt();
    this.owned.clear();
    this.firstAssignment.reject(reason);
    this.finished.reject(reason);
    this.env.group
      .leave(this)
      .catch((error: unknown) => this.env.logger.error({ memberId: this.memberId, err: error }, 'rebalance after a failure failed'))
      .finally(() => this.env.ended(this));
  }

  participates(): boolean {
    return this.state === 'joining' || this.state === 'active';
  }

  async revokeAll(): Promise<void> {
    if (this.owned.size === 0) return;
    this.halt();
    await Promise.allSettled([...this.inFlight]);
    if (this.state === 'failed') return;
    const partitions = [...this.owned.values()].map(({ topic, partition }) => ({ topic, partition }));
    try {
      await this.handlers?.onRevoked?.(partitions);
    } catch (error) {
      this.crash(asError(error, 'onRevoked'));
    }
    this.owned.clear();
  }

  async assign(partitions: readonly TopicPartition[]): Promise<void> {
    if (!this.participates()) return;
    this.owned = new Map(partitions.map((tp) => [partitionKey(tp.topic, tp.partition), this.startingPoint(tp)]));
    try {
      await this.handlers?.onAssigned?.(partitions);
    } catch (error) {
      this.crash(asError(error, 'onAssigned'));
      return;
    }
    if (!this.participates()) return;
    this.state = 'active';
    this.delivering = true;
    for (const owned of this.owned.values()) void this.deliverLoop(owned);
    this.firstAssignment.resolve();
  }

  private async stopNow(): Promise<void> {
    if (this.state === 'failed') return;
    if (this.state === 'new') {
      this.state = 'stopped';
      this.finished.resolve();
      return;
    }
    this.state = 'stopping';
    this.firstAssignment.reject(new BusError('closed', `consumer ${this.memberId} stopped before its first assignment`));
    await this.env.group.leave(this);
    this.env.ended(this);
    // A rejected onRevoked ended the member as a failure; stop() reports it.
    if (this.hasFailed()) return this.finished.promise;
    this.state = 'stopped';
    this.finished.resolve();
  }

  private hasFailed(): boolean {
    return this.state === 'failed';
  }

  /** Stops the loops from starting new batches and wakes the sleeping ones so they exit. */
  private halt(): void {
    this.delivering = false;
    for (const owned of this.owned.values()) owned.wake?.();
  }

  private startingPoint({ topic, partition }: TopicPartition): OwnedPartition {
    const committed = this.env.group.committedOffset(topic, partition);
    return { topic, partition, position: committed ?? this.resetPosition(topic, partition) };
  }

  private resetPosition(topic: string, partition: number): bigint {
    const log = this.env.log(topic, partition);
    if (log === undefined) return 0n;
    return this.options.fromBeginning === false ? log.high : log.low;
  }

  private requireOwned(tp: TopicPartition, action: string): OwnedPartition {
    const owned = this.owned.get(partitionKey(tp.topic, tp.partition));
    if (owned === undefined || this.state === 'failed' || this.state === 'stopped') {
      throw new BusError('not-owned', `cannot ${action} ${tp.topic}[${tp.partition}]: not owned by consumer ${this.memberId}`);
    }
    return owned;
  }

  private mayDeliver(owned: OwnedPartition): boolean {
    return this.delivering && this.owned.get(partitionKey(owned.topic, owned.partition)) === owned;
  }

  private async deliverLoop(owned: OwnedPartition): Promise<void> {
    const maxBatch = this.options.maxBatchSize ?? DEFAULT_MAX_BATCH;
    while (this.mayDeliver(owned)) {
      const log = this.env.log(owned.topic, owned.partition);
      if (log === undefined) return;
      // An offset outside the log (trimmed by retention, or a seek past the
      // end) resets like Kafka's auto.offset.reset.
      if (owned.position < log.low || owned.position > log.high) owned.position = this.resetPosition(owned.topic, owned.partition);
      const messages = log.read(owned.position, maxBatch);
      if (messages.length === 0) {
        await this.sleep(owned, log);
        continue;
      }
      // Advance before the handler runs, so a seek() from inside it wins.
      owned.position = messages[messages.length - 1]!.offset + 1n;
      const batch = { topic: owned.topic, partition: owned.partition, messages };
      const delivery = deliverTraced(this.env.tracer, SYSTEM, batch, (b) => this.handlers!.eachBatch(b));
      this.inFlight.add(delivery);
      try {
        await delivery;
      } catch (error) {
        this.crash(asError(error, 'eachBatch'));
        return;
      } finally {
        this.inFlight.delete(delivery);
      }
    }
  }

  private sleep(owned: OwnedPartition, log: PartitionLog): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        cancel();
        owned.wake = undefined;
        resolve();
      };
      const cancel = log.onNextAppend(wake);
      owned.wake = wake;
    });
  }
}

function asError(error: unknown, where: string): Error {
  return error instanceof Error ? error : new Error(`${where} rejected with ${String(error)}`);
}
