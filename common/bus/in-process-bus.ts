// The bus of the embedded mode: Kafka's semantics (keyed murmur2
// partitioning, per-partition offsets, consumer groups with eager
// rebalances, explicit commits, seek) kept in this process's memory. It
// passes the same contract suite as KafkaBus.

import { trace, type Tracer } from '@opentelemetry/api';
import type {
  Bus,
  BusConsumer,
  BusProducer,
  CommittedOffset,
  ConsumerOptions,
  OffsetLookup,
  OutgoingMessage,
  PartitionOffset,
  PartitionRange,
  TopicSpec,
} from './bus.js';
import { BusError } from './errors.js';
import { InProcessConsumer } from './in-process/consumer.js';
import { InProcessGroup } from './in-process/group.js';
import { PartitionLog } from './in-process/partition-log.js';
import { retentionFromConfig } from './in-process/topic-config.js';
import { silentLogger, type BusLogger } from './logger.js';
import { partitionForKey } from './murmur2.js';
import { activeTraceHeaders, withTraceHeaders } from './trace-context.js';
import { checkConsumerOptions, checkTopicSpecs, explicitPartitionError, partitionMismatch, unknownTopics } from './validation.js';

export interface InProcessBusOptions {
  /** Tracer for the consumer `process` spans; defaults to the global OpenTelemetry API. */
  readonly tracer?: Tracer;
  readonly logger?: BusLogger;
  /** Clock for message timestamps and retention; milliseconds since the epoch. */
  readonly now?: () => number;
}

const EMPTY_HEADERS = Object.freeze({});

export class InProcessBus implements Bus, OffsetLookup {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, InProcessGroup>();
  private readonly consumers = new Set<InProcessConsumer>();
  private readonly producers = new Set<InProcessProducer>();
  private readonly tracer: Tracer;
  private readonly logger: BusLogger;
  private readonly now: () => number;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.tracer = options.tracer ?? trace.getTracer('wick-bus');
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.requireOpen();
    checkTopicSpecs(specs);
    for (const spec of specs) {
      const existing = this.topics.get(spec.topic);
      if (existing !== undefined) {
        if (existing.length !== spec.partitions) throw partitionMismatch(spec.topic, existing.length, spec.partitions);
        continue;
      }
      const retention = retentionFromConfig(spec.topic, spec.config);
      this.topics.set(
        spec.topic,
        Array.from({ length: spec.partitions }, (_, partition) => new PartitionLog(spec.topic, partition, retention)),
      );
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    this.requireOpen();
    for (const topic of topics) {
      const logs = this.topics.get(topic);
      if (logs === undefined) continue;
      this.topics.delete(topic);
      // Sleeping readers wake, find the log gone and end their loops.
      for (const log of logs) log.notify();
      for (const group of this.groups.values()) group.forgetTopic(topic);
    }
  }

  async producer(): Promise<BusProducer> {
    this.requireOpen();
    const producer = new InProcessProducer((topic, messages) => this.append(topic, messages));
    this.producers.add(producer);
    return producer;
  }

  consumer(options: ConsumerOptions): BusConsumer {
    this.requireOpen();
    checkConsumerOptions(options);
    const consumer = new InProcessConsumer(options, {
      tracer: this.tracer,
      logger: this.logger,
      group: this.group(options.groupId),
      log: (topic, partition) => this.topics.get(topic)?.[partition],
      hasTopic: (topic) => this.topics.has(topic),
      ended: (ended) => this.consumers.delete(ended),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async offsets(topic: string): Promise<readonly PartitionRange[]> {
    return this.logs(topic).map((log) => ({ partition: log.partition, low: log.low, high: log.high }));
  }

  async offsetsForTime(topic: string, timestampMs: number): Promise<readonly PartitionOffset[]> {
    return this.logs(topic).map((log) => ({ topic, partition: log.partition, offset: log.offsetForTime(timestampMs) }));
  }

  async committedOffsets(groupId: string, topic: string): Promise<readonly CommittedOffset[]> {
    const group = this.groups.get(groupId);
    return this.logs(topic).map((log) => ({ topic, partition: log.partition, offset: group?.committedOffset(topic, log.partition) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await Promise.all([...this.producers].map((producer) => producer.close()));
    this.closed = true;
  }

  private group(groupId: string): InProcessGroup {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = new InProcessGroup(groupId, (topic) => this.topics.get(topic)?.length ?? 0);
      this.groups.set(groupId, group);
    }
    return group;
  }

  private logs(topic: string): PartitionLog[] {
    const logs = this.topics.get(topic);
    if (logs === undefined) throw unknownTopics([topic]);
    return logs;
  }

  private append(topic: string, messages: readonly OutgoingMessage[]): void {
    this.requireOpen();
    const logs = this.logs(topic);
    const traceHeaders = activeTraceHeaders();
    const now = this.now();
    // All or nothing: a bad partition must not leave the messages before it appended.
    for (const { partition } of messages) {
      const error = partition === undefined ? undefined : explicitPartitionError(topic, partition, logs.length);
      if (error !== undefined) throw error;
    }
    const touched = new Set<PartitionLog>();
    for (const message of messages) {
      const log = logs[message.partition ?? partitionForKey(message.key, logs.length)]!;
      const headers = withTraceHeaders(message.headers, traceHeaders);
      log.append(
        {
          key: message.key,
          // A copy, so a caller reusing its buffer cannot change what consumers read (as with Kafka).
          value: message.value.slice(),
          headers: headers === undefined ? EMPTY_HEADERS : Object.freeze({ ...headers }),
          timestamp: message.timestamp ?? now,
        },
        now,
      );
      touched.add(log);
    }
    for (const log of touched) log.notify();
  }

  private requireOpen(): void {
    if (this.closed) throw new BusError('closed', 'the in-process bus is closed');
  }
}

class InProcessProducer implements BusProducer {
  private closed = false;

  constructor(private readonly append: (topic: string, messages: readonly OutgoingMessage[]) => void) {}

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new BusError('closed', 'the producer is closed');
    this.append(topic, messages);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
