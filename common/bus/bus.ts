// The message bus seen by wick's services: Kafka in production, an
// in-process implementation in the embedded mode. Both pass the same
// contract suite (bus.contract.ts), so a service cannot tell them apart.
//
// Semantics follow Kafka's: a topic has a fixed number of partitions; a
// message's key picks its partition with Kafka's default murmur2 hash, so
// messages of one key stay in order; a consumer group shares the partitions
// of its topics among its members; offsets are per partition and the
// committed offset is the next one to read.

export type Headers = Readonly<Record<string, string>>;

export interface OutgoingMessage {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers?: Headers;
  /** Milliseconds since the epoch; the bus stamps the send time when absent. */
  readonly timestamp?: number;
}

export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets exceed 2^53 in principle, so they travel as bigint. */
  readonly offset: bigint;
  readonly key: string;
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
  /** Extra topic configuration (retention.ms, cleanup.policy, ...). */
  readonly config?: Readonly<Record<string, string>>;
}

/** A batch of consecutive messages from one partition, in offset order. */
export interface MessageBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly BusMessage[];
}

export interface ConsumerHandlers {
  /** Called with consecutive messages of one partition; the next batch of that partition waits for it. */
  eachBatch(batch: MessageBatch): Promise<void>;
  /** The partitions this member owns after a (re)balance, before any of their messages is delivered. */
  onAssigned?(partitions: readonly TopicPartition[]): Promise<void>;
  /** Partitions taken away from this member; called before another member can receive them. */
  onRevoked?(partitions: readonly TopicPartition[]): Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a partition with no committed offset starts: the earliest message (default) or the end. */
  readonly fromBeginning?: boolean;
  /** Upper bound on messages per delivered batch. */
  readonly maxBatchSize?: number;
}

export interface BusProducer {
  /** Resolves once every message is durably acknowledged; messages of one key keep their order. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface BusConsumer {
  /** Joins the group and delivers messages until stop(); resolves once running. */
  run(handlers: ConsumerHandlers): Promise<void>;
  /** Commits the next offsets to read; only offsets of partitions this member owns. */
  commit(offsets: readonly PartitionOffset[]): Promise<void>;
  /** Moves an owned partition so its next delivered message is at `offset`. */
  seek(position: PartitionOffset): void;
  /** Leaves the group without committing anything more; pending batches finish first. */
  stop(): Promise<void>;
}

export interface Bus {
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  producer(): Promise<BusProducer>;
  consumer(options: ConsumerOptions): BusConsumer;
  /** Earliest and next-to-write offset of every partition of a topic. */
  offsets(topic: string): Promise<ReadonlyArray<{ partition: number; low: bigint; high: bigint }>>;
  close(): Promise<void>;
}
