// Connection and group settings of the Kafka bus. Read from configuration at
// the edge (service main) and passed in; nothing here reads the environment.

import type { Tracer } from '@opentelemetry/api';
import type { BusLogger } from '../logger.js';

export interface KafkaRetrySettings {
  /** Retries of a failed request before kafkajs gives up (kafkajs default 5). */
  readonly retries?: number;
  readonly initialRetryTimeMs?: number;
  readonly maxRetryTimeMs?: number;
}

/**
 * The client behind the bus's producers: kafkajs, or @platformatic/kafka,
 * which costs several times less CPU per message (npm run bench -- collector).
 * Consumers and administration always use kafkajs.
 */
export const KAFKA_PRODUCER_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaProducerClient = (typeof KAFKA_PRODUCER_CLIENTS)[number];

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: BusLogger;
  /** Default kafkajs. */
  readonly producerClient?: KafkaProducerClient;
  /** Tracer for the consumer `process` spans; defaults to the global OpenTelemetry API. */
  readonly tracer?: Tracer;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** A member silent for this long is dropped from its group (the broker enforces 6000 at least). */
  readonly sessionTimeoutMs?: number;
  /** Must be well below the session timeout; about a third is customary. */
  readonly heartbeatIntervalMs?: number;
  readonly rebalanceTimeoutMs?: number;
  /** How long a fetch waits for data; it also bounds how late an idle member notices a rebalance. */
  readonly maxWaitTimeMs?: number;
  /** Batches of this many partitions are handled at once by one consumer (default 1). */
  readonly partitionsConsumedConcurrently?: number;
  readonly retry?: KafkaRetrySettings;
}

export const KAFKA_DEFAULTS = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxWaitTimeMs: 500,
  partitionsConsumedConcurrently: 1,
} as const;

/** kafkajs merges retry options with spread, so absent settings must be absent keys, not undefined. */
export function kafkaRetry(settings: KafkaBusOptions): { retries?: number; initialRetryTime?: number; maxRetryTime?: number } {
  const { retries, initialRetryTimeMs, maxRetryTimeMs } = settings.retry ?? {};
  return {
    ...(retries === undefined ? {} : { retries }),
    ...(initialRetryTimeMs === undefined ? {} : { initialRetryTime: initialRetryTimeMs }),
    ...(maxRetryTimeMs === undefined ? {} : { maxRetryTime: maxRetryTimeMs }),
  };
}
