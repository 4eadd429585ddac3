// A Kafka consumer-group member over kafkajs, with explicit commits only.
//
// kafkajs has no assignment callbacks, so they are derived from its events
// and serialized in one queue of "transitions":
// - REBALANCING (kafkajs noticed a rebalance; its fetch loop has drained, no
//   batch is in flight) revokes every owned partition (eager protocol);
// - a rebalance noticed by the heartbeat this class sends after each batch
//   revokes *before* kafkajs rejoins, since kafkajs cannot rejoin until
//   eachBatch returns;
// - GROUP_JOIN (a new assignment) revokes whatever is still owned, then
//   calls onAssigned with the new partitions.
// Every fetched batch first waits for the queue to drain, then is delivered
// only if its partition is owned and no seek made it stale. So no message of
// a partition reaches the handler before onAssigned for it has resolved.

import type { Tracer } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, IMemberAssignment, Kafka } from 'kafkajs';
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
import { checkOffset } from '../validation.js';
import { confirmCommit } from './commit.js';
import { fromKafkaMessage } from './messages.js';
import { KAFKA_DEFAULTS, kafkaRetry, type KafkaBusOptions } from './settings.js';

export interface KafkaConsumerEnvironment {
  readonly kafka: Kafka;
  readonly settings: KafkaBusOptions;
  readonly logger: BusLogger;
  readonly tracer: Tracer;
  requireTopics(topics: readonly string[]): Promise<void>;
  /** Partitions of `partitions` without a committed offset in `groupId`, with their current end offsets. */
  uncommittedEnds(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]>;
  ended(consumer: KafkaBusConsumer): void;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/** Heartbeat errors that mean this member's assignment is over. */
const GROUP_CHANGED = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class KafkaBusConsumer implements BusConsumer {
  private state: State = 'new';
  private consumer: Consumer | undefined;
  private handlers: ConsumerHandlers | undefined;
  private owned = new Map<string, TopicPartition>();
  private transitions: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly firstAssignment = deferred<void>();
  private readonly finished = deferred<void>();
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly env: KafkaConsumerEnvironment,
  ) {}

  async run(handlers: ConsumerHandlers): Promise<void> {
    if (this.state !== 'new') throw new BusError('closed', `consumer of group ${this.options.groupId}: run() may be called once`);
    this.state = 'starting';
    this.handlers = handlers;
    this.starting = this.start();
    try {
      await this.starting;
    } catch (error) {
      this.fail(asError(error));
    }
    await this.firstAssignment.promise;
  }

  async commit(offsets: readonly PartitionOffset[]): Promise<void> {
    for (const offset of offsets) {
      this.requireOwned(offset, 'commit');
      checkOffset(offset, 'commit');
    }
    if (offsets.length === 0) return;
    await confirmCommit(this.consumer!, offsets);
  }

  seek(position: PartitionOffset): void {
    this.requireOwned(position, 'seek');
    checkOffset(position, 'seek to');
    this.consumer!.seek({ topic: position.topic, partition: position.partition, offset: position.offset.toString() });
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  done(): Promise<void> {
    return this.finished.promise;
  }

  private async start(): Promise<void> {
    await this.env.requireTopics(this.options.topics);
    const { settings } = this.env;
    const consumer = this.env.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: settings.sessionTimeoutMs ?? KAFKA_DEFAULTS.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs ?? KAFKA_DEFAULTS.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs ?? KAFKA_DEFAULTS.rebalanceTimeoutMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs ?? KAFKA_DEFAULTS.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      // kafkajs retries failed requests itself; once it gives up ("crash"),
      // the member ends and says so instead of silently rejoining later.
      retry: { ...kafkaRetry(settings), restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      void this.enqueue(() => this.reassign(event.payload.memberAssignment));
    });
    consumer.on(consumer.events.REBALANCING, () => {
      void this.enqueue(() => this.revokeAll());
    });
    consumer.on(consumer.events.CRASH, (event) => this.fail(asError(event.payload.error)));
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    // stop() or a failure while connecting: do not join the group at all.
    if (!this.accepting()) return;
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? KAFKA_DEFAULTS.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onFetchedBatch(payload),
    });
  }

  private enqueue(transition: () => Promise<void>): Promise<void> {
    const run = this.transitions.then(transition).catch((error: unknown) => this.fail(asError(error)));
    this.transitions = run;
    return run;
  }

  /** Waits until no transition is queued, including ones queued while waiting. */
  private async settledTransitions(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.transitions) {
      seen = this.transitions;
      await seen;
    }
  }

  private async reassign(assignment: IMemberAssignment): Promise<void> {
    if (!this.accepting()) return;
    await this.revokeAll();
    const partitions = Object.entries(assignment)
      .flatMap(([topic, numbers]) => numbers.map((partition) => ({ topic, partition })))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    this.owned = new Map(partitions.map((tp) => [key(tp.topic, tp.partition), tp]));
    await this.positionNewPartitionsAtEnd(partitions);
    await this.handlers!.onAssigned?.(partitions);
    if (this.state === 'starting') this.state = 'running';
    this.firstAssignment.resolve();
  }

  /**
   * With fromBeginning false, kafkajs would look up "the end" lazily at its
   * first fetch; seeking to it now makes "messages sent after run() resolved
   * are delivered" hold.
   */
  private async positionNewPartitionsAtEnd(partitions: readonly TopicPartition[]): Promise<void> {
    if (this.options.fromBeginning !== false || partitions.length === 0) return;
    for (const end of await this.env.uncommittedEnds(this.options.groupId, partitions)) this.seek(end);
  }

  private async revokeAll(): Promise<void> {
    if (this.owned.size === 0) return;
    await Promise.allSettled([...this.inFlight]);
    const partitions = [...this.owned.values()];
    try {
      if (this.state !== 'failed') await this.handlers!.onRevoked?.(partitions);
    } finally {
      this.owned.clear();
    }
  }

  private async onFetchedBatch(payload: EachBatchPayload): Promise<void> {
    await this.settledTransitions();
    const { batch } = payload;
    const max = this.options.maxBatchSize ?? Number.POSITIVE_INFINITY;
    for (let start = 0; start < batch.messages.length; start += max) {
      if (!this.mayDeliver(batch.topic, batch.partition) || payload.isStale()) return;
      const messages = batch.messages
        .slice(start, start + max)
        .map((message) => fromKafkaMessage(batch.topic, batch.partition, message));
      const delivery = deliverTraced(this.env.tracer, 'kafka', { topic: batch.topic, partition: batch.partition, messages }, (b) =>
        this.handlers!.eachBatch(b),
      );
      this.inFlight.add(delivery);
      try {
        await delivery;
      } catch (error) {
        // Not rethrown: kafkajs would retry the batch; a failed handler ends the member instead.
        this.fail(asError(error));
        return;
      } finally {
        this.inFlight.delete(delivery);
      }
    }
    await this.heartbeat(payload);
  }

  private async heartbeat(payload: EachBatchPayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (error) {
      if (GROUP_CHANGED.has((error as { type?: string }).type ?? '')) await this.enqueue(() => this.revokeAll());
      throw error;
    }
  }

  private async stopNow(): Promise<void> {
    if (this.state === 'failed' || this.state === 'stopped') return;
    if (this.state === 'new') {
      this.state = 'stopped';
      this.finished.resolve();
      return;
    }
    this.state = 'stopping';
    this.firstAssignment.reject(new BusError('closed', `consumer of group ${this.options.groupId} stopped before its first assignment`));
    try {
      await this.starting?.catch(() => {});
      // The handler may still commit in onRevoked: kafkajs keeps running until disconnect.
      await this.enqueue(() => this.revokeAll());
      // A rejected onRevoked ended the member as a failure; stop() reports it.
      if (this.hasFailed()) return await this.finished.promise;
      await this.consumer?.disconnect();
      this.state = 'stopped';
      this.finished.resolve();
    } catch (error) {
      if (!this.hasFailed()) {
        this.state = 'failed';
        this.finished.reject(error);
      }
      throw error;
    } finally {
      this.env.ended(this);
    }
  }

  /** Ends the member without onRevoked or commits; the group reassigns its partitions from the last commits. */
  private fail(error: Error): void {
    if (this.state === 'failed' || this.state === 'stopped') return;
    this.env.logger.error({ groupId: this.options.groupId, err: error }, 'bus consumer failed');
    this.state = 'failed';
    this.owned.clear();
    this.firstAssignment.reject(error);
    // Not awaited: fail() may run inside eachBatch, which disconnect() waits for.
    void (async () => {
      try {
        // A consumer still being created must be disconnected too, once it exists.
        await this.starting?.catch(() => {});
        await this.consumer?.disconnect();
      } catch (disconnectError) {
        this.env.logger.error({ groupId: this.options.groupId, err: disconnectError }, 'disconnect after failure failed');
      }
      this.finished.reject(error);
      this.env.ended(this);
    })();
  }

  private hasFailed(): boolean {
    return this.state === 'failed';
  }

  private accepting(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  private mayDeliver(topic: string, partition: number): boolean {
    return this.accepting() && this.owned.has(key(topic, partition));
  }

  private requireOwned(tp: TopicPartition, action: string): void {
    const ownedNow = this.state !== 'failed' && this.state !== 'stopped' && this.owned.has(key(tp.topic, tp.partition));
    if (!ownedNow || this.consumer === undefined) {
      throw new BusError('not-owned', `cannot ${action} ${tp.topic}[${tp.partition}]: not owned by this member of ${this.options.groupId}`);
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
