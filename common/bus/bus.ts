// The message bus seen by wick's services: Kafka in production, an
// in-process implementation in the embedded mode. Both pass the same
// contract suite (bus.contract.ts), so a service cannot tell them apart.
//
// Semantics follow Kafka's: a topic has a fixed number of partitions; a
// message's key picks its partition with Kafka's default murmur2 hash, so
// messages of one key stay in order; a consumer group shares the partitions
// of its topics among its members; offsets are per partition and the
// committed offset is the next one to read. Delivery is at least once: what
// was delivered but not committed is delivered again to the next owner.
// Errors the bus raises itself are BusErrors (errors.ts).

export type Headers = Readonly<Record<string, string>>;

export interface OutgoingMessage {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers?: Headers;
  /** Milliseconds since the epoch; the bus stamps the send time when absent. */
  readonly timestamp?: number;
  /**
   * Writes to this partition instead of the one the key hashes to: a record
   * meant for whoever consumes one partition (the preprocessor's idle marks).
   * An integer in [0, partitions); send() rejects with invalid-argument otherwise.
   */
  readonly partition?: number;
}

export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets exceed 2^53 in principle, so they travel as bigint. */
  readonly offset: bigint;
  readonly key: string;
  /** Read-only: the in-process bus hands the same bytes to every consumer group. */
  readonly value: Uint8Array;
  readonly headers: Headers;
  readonly timestamp: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionOffset extends TopicPartition {
  /** The next offset to read, as in Kafka's committed offsets. */
  readonly offset: bigint;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  /**
   * Kafka topic configuration (retention.ms, ...). The in-process bus honours
   * retention.ms (by append time), retention.bytes and cleanup.policy=delete,
   * and rejects anything else rather than behave differently.
   */
  readonly config?: Readonly<Record<string, string>>;
}

export interface PartitionRange {
  readonly partition: number;
  /** The earliest retained offset. */
  readonly low: bigint;
  /** The offset the next message will get. */
  readonly high: bigint;
}

/** A batch of consecutive messages from one partition, in offset order. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly BusMessage[];
}

/**
 * A member's callbacks. A rejection from any of them is fatal to the member,
 * as if its process had died: it leaves the group without onRevoked and
 * without committing, its partitions go to the other members from their last
 * committed offsets, and done() rejects with the error.
 */
export interface ConsumerHandlers {
  /**
   * Called with consecutive messages of one partition; the next batch of that
   * partition waits until this one resolves. Batches of different partitions
   * may be delivered concurrently.
   */
  eachBatch(batch: MessageBatch): Promise<void>;
  /**
   * The partitions this member owns after a rebalance. No message of them is
   * delivered before this resolves, so it is the place to restore state and
   * seek() to a checkpointed offset.
   */
  onAssigned?(partitions: readonly TopicPartition[]): Promise<void>;
  /**
   * Partitions taken away from this member (every rebalance revokes all of a
   * member's partitions, then assigns anew, like Kafka's eager protocol). No
   * batch of them is in flight when it is called and none is delivered after,
   * and commit() still works for them until it resolves. The in-process bus
   * and a Kafka member that stops, or notices the rebalance while delivering,
   * call it before any other member is assigned the partitions; a Kafka member
   * that notices the rebalance while idle calls it while the group re-forms,
   * so a handover of state must be fenced (e.g. by an owner token).
   */
  onRevoked?(partitions: readonly TopicPartition[]): Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a partition with no committed offset starts: the earliest message (default) or the end. */
  readonly fromBeginning?: boolean;
  /** Upper bound on messages per delivered batch (default: what Kafka fetches; 1000 in-process). */
  readonly maxBatchSize?: number;
}

export interface BusProducer {
  /**
   * Resolves once every message is durably acknowledged. Messages of one key
   * keep their order, also across consecutive send() calls. The active trace
   * context travels in the W3C `traceparent`/`tracestate` headers unless the
   * message carries its own. Rejects for a topic that does not exist.
   */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface BusConsumer {
  /**
   * Joins the group and delivers messages until stop(). Resolves once the
   * member has its first assignment (onAssigned resolved); rejects when a
   * topic does not exist or the member fails before that. One run per consumer.
   */
  run(handlers: ConsumerHandlers): Promise<void>;
  /**
   * Commits the next offsets to read. Rejects for a partition this member
   * does not own, and when the group has already moved on (in onRevoked that
   * is expected after a missed rebalance, and harmless when the handler's own
   * checkpoint is what the next owner restores from).
   */
  commit(offsets: readonly PartitionOffset[]): Promise<void>;
  /**
   * Moves an owned partition so its next delivered message is at `offset`;
   * messages already fetched beyond it are not delivered. Throws for a
   * partition this member does not own.
   */
  seek(position: PartitionOffset): void;
  /**
   * Stops delivering, lets the batches in flight finish, calls onRevoked (the
   * bus commits nothing itself), then leaves the group. Idempotent; rejects
   * when onRevoked does. Never await it inside a handler: it waits for them.
   */
  stop(): Promise<void>;
  /**
   * Settles when the member is gone: resolves after stop(), rejects with the
   * error that ended it (a rejected handler, or a client failure it could not
   * recover from). Nobody has to observe it: failures are also logged.
   */
  done(): Promise<void>;
}

/** A group's committed offset of one partition; undefined when the group never committed it. */
export interface CommittedOffset extends TopicPartition {
  readonly offset: bigint | undefined;
}

/**
 * Offset queries a stateful consumer needs to rebuild its state (the
 * preprocessor after its Redis lost the checkpoints). Kept apart from Bus so
 * buses that only wrap another one for tests need not implement them.
 */
export interface OffsetLookup {
  /**
   * For every partition of `topic`: the earliest retained offset whose message
   * timestamp is at or after `timestampMs`, or the partition's end (the next
   * offset to be written) when no retained message is that recent. Kafka's
   * ListOffsets by timestamp; the timestamp is the one the message carries
   * (the producer's, or its send time when it set none).
   */
  offsetsForTime(topic: string, timestampMs: number): Promise<readonly PartitionOffset[]>;
  /** Every partition of `topic` with the offset `groupId` committed for it, by partition number. */
  committedOffsets(groupId: string, topic: string): Promise<readonly CommittedOffset[]>;
}

export interface Bus {
  /** Creates missing topics; an existing topic with the same partition count is left as is, another count is an error. */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Deletes topics with their messages; topics that do not exist are ignored. */
  deleteTopics(topics: readonly string[]): Promise<void>;
  producer(): Promise<BusProducer>;
  consumer(options: ConsumerOptions): BusConsumer;
  /** Earliest and next-to-write offset of every partition of a topic, by partition number. */
  offsets(topic: string): Promise<readonly PartitionRange[]>;
  /** Stops this bus's consumers (gracefully), closes its producers and connections. */
  close(): Promise<void>;
}
