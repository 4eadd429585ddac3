// The bus over Apache Kafka (kafkajs): an idempotent producer with Kafka's
// murmur2 partitioning, consumer groups with explicit commits and derived
// assignment callbacks (kafka/consumer.ts), and topic administration.
// kafkajs is required when the bus is built, so telemetry started earlier
// can instrument it.

import { trace, type Tracer } from '@opentelemetry/api';
import type { ICustomPartitioner, Kafka } from 'kafkajs';
import type {
  Bus,
  BusConsumer,
  BusProducer,
  CommittedOffset,
  ConsumerOptions,
  OffsetLookup,
  PartitionOffset,
  PartitionRange,
  TopicSpec,
} from './bus.js';
import { BusError } from './errors.js';
import { KafkaAdmin } from './kafka/admin.js';
import { KafkaBusConsumer } from './kafka/consumer.js';
import { loadKafkaJs } from './kafka/kafkajs.js';
import { kafkaLogCreator, kafkaLogLevel } from './kafka/logging.js';
import { KafkaBusProducer } from './kafka/producer.js';
import { kafkaRetry, type KafkaBusOptions } from './kafka/settings.js';
import { partitionForKey } from './murmur2.js';
import { checkConsumerOptions } from './validation.js';

export type { KafkaBusOptions, KafkaRetrySettings } from './kafka/settings.js';

/** Kafka's default partitioner for keyed messages (every bus message has a key), unless the message names its partition. */
const murmur2Partitioner: ICustomPartitioner =
  () =>
  ({ partitionMetadata, message }) =>
    typeof message.partition === 'number' ? message.partition : partitionForKey(String(message.key), partitionMetadata.length);

export class KafkaBus implements Bus, OffsetLookup {
  private readonly kafka: Kafka;
  private readonly admin: KafkaAdmin;
  private readonly tracer: Tracer;
  private readonly consumers = new Set<KafkaBusConsumer>();
  private readonly producers = new Set<KafkaBusProducer>();
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    if (options.brokers.length === 0) throw new BusError('invalid-argument', 'KafkaBus needs at least one broker');
    const kafkajs = loadKafkaJs();
    this.kafka = new kafkajs.Kafka({
      brokers: [...options.brokers],
      clientId: options.clientId,
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      retry: kafkaRetry(options),
      logLevel: kafkaLogLevel(kafkajs, options.logger),
      logCreator: kafkaLogCreator(kafkajs, options.logger),
    });
    this.admin = new KafkaAdmin(this.kafka);
    this.tracer = options.tracer ?? trace.getTracer('wick-bus');
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.requireOpen();
    return this.admin.createTopics(topics);
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    this.requireOpen();
    await this.admin.deleteTopics(topics);
    await Promise.all([...this.producers].map((producer) => producer.forgetTopics(topics)));
  }

  offsets(topic: string): Promise<readonly PartitionRange[]> {
    this.requireOpen();
    return this.admin.offsets(topic);
  }

  offsetsForTime(topic: string, timestampMs: number): Promise<readonly PartitionOffset[]> {
    this.requireOpen();
    return this.admin.offsetsForTime(topic, timestampMs);
  }

  committedOffsets(groupId: string, topic: string): Promise<readonly CommittedOffset[]> {
    this.requireOpen();
    return this.admin.committedOffsets(groupId, topic);
  }

  async producer(): Promise<BusProducer> {
    this.requireOpen();
    const busProducer = await KafkaBusProducer.connect(
      () =>
        this.kafka.producer({
          idempotent: true,
          // KIP-98: idempotence needs one request in flight per connection.
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          createPartitioner: murmur2Partitioner,
        }),
      (topics) => this.admin.requireTopics(topics),
      async (topic) => (await this.admin.offsets(topic)).length,
      (ended) => this.producers.delete(ended),
    );
    this.producers.add(busProducer);
    return busProducer;
  }

  consumer(options: ConsumerOptions): BusConsumer {
    this.requireOpen();
    checkConsumerOptions(options);
    const consumer = new KafkaBusConsumer(options, {
      kafka: this.kafka,
      settings: this.options,
      logger: this.options.logger,
      tracer: this.tracer,
      requireTopics: (topics) => this.admin.requireTopics(topics),
      uncommittedEnds: (groupId, partitions) => this.admin.uncommittedEnds(groupId, partitions),
      ended: (ended) => this.consumers.delete(ended),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stops = await Promise.allSettled([...this.consumers].map((consumer) => consumer.stop()));
    const closes = await Promise.allSettled([...this.producers].map((producer) => producer.close()));
    await this.admin.close();
    const failure = [...stops, ...closes].find((result) => result.status === 'rejected');
    if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
  }

  private requireOpen(): void {
    if (this.closed) throw new BusError('closed', 'the Kafka bus is closed');
  }
}
