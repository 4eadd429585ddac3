// The bus over Apache Kafka (kafkajs): an idempotent producer with Kafka's
// murmur2 partitioning, consumer groups with explicit commits and derived
// assignment callbacks (kafka/consumer.ts), and topic administration.
// kafkajs is required when the bus is built, so telemetry started earlier
// can instrument it. Producers can instead use @platformatic/kafka
// (options.producerClient), which costs several times less per message.

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
import { createPlatformaticProducer, directProduceSettings } from './kafka/platformatic-client.js';
import { PlatformaticBusProducer } from './kafka/platformatic-producer.js';
import { ProduceTopicChecks } from './kafka/produce-checks.js';
import { KafkaBusProducer } from './kafka/producer.js';
import { kafkaRetry, type KafkaBusOptions } from './kafka/settings.js';
import { partitionForKey } from './murmur2.js';
import { checkConsumerOptions } from './validation.js';

export { KAFKA_PRODUCER_CLIENTS, type KafkaBusOptions, type KafkaProducerClient, type KafkaRetrySettings } from './kafka/settings.js';

/** Either producer; the bus tells them of deleted topics and closes them. */
type KafkaProducer = KafkaBusProducer | PlatformaticBusProducer;

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
  private readonly producers = new Set<KafkaProducer>();
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
    const checks = new ProduceTopicChecks(
      (topics) => this.admin.requireTopics(topics),
      (topic) => this.admin.partitionCount(topic),
    );
    const ended = (producer: KafkaProducer): void => {
      this.producers.delete(producer);
    };
    const busProducer: KafkaProducer =
      this.options.producerClient === 'platformatic'
        ? await PlatformaticBusProducer.connect(() => createPlatformaticProducer(this.options), directProduceSettings(this.options), checks, ended)
        : await KafkaBusProducer.connect(
            () =>
              this.kafka.producer({
                idempotent: true,
                // KIP-98: idempotence needs one request in flight per connection.
                maxInFlightRequests: 1,
                allowAutoTopicCreation: false,
                createPartitioner: murmur2Partitioner,
              }),
            checks,
            ended,
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
