// Public API of the bus; see bus.ts for the contract and README.md for how a
// consumer such as the preprocessor uses it.
export type {
  Bus,
  BusConsumer,
  BusMessage,
  BusProducer,
  ConsumerHandlers,
  CommittedOffset,
  ConsumerOptions,
  Headers,
  MessageBatch,
  OffsetLookup,
  OutgoingMessage,
  PartitionOffset,
  PartitionRange,
  TopicPartition,
  TopicSpec,
} from './bus.js';
export { DLQ_HEADERS, deadLetterHeaders, MAX_DLQ_DETAIL_LENGTH, type DeadLetterHeaderValues } from './dead-letter-headers.js';
export { BusError, isBusError, type BusErrorCode } from './errors.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { KAFKA_PRODUCER_CLIENTS, KafkaBus, type KafkaBusOptions, type KafkaProducerClient, type KafkaRetrySettings } from './kafka-bus.js';
export { silentLogger, type BusLogger } from './logger.js';
export { murmur2, partitionForKey } from './murmur2.js';
export { messageContext } from './trace-context.js';
