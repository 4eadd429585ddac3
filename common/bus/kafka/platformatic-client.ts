// Builds the @platformatic/kafka producer behind PlatformaticBusProducer from
// the bus's settings. The package is imported on first use only: importing it
// compiles its option schemas (most of a second), which services that
// produce with kafkajs should not pay.

import type { Producer, RetryDelayGetter } from '@platformatic/kafka';
import type { KafkaBusOptions, KafkaRetrySettings } from './settings.js';
import type { DirectProduceOptions } from './direct-produce.js';
import { javaCompatiblePartition } from './platformatic-records.js';

export type PlatformaticProducer = Producer<Buffer, Buffer, string, string>;

// kafkajs's defaults, so both clients behave alike when the settings leave them out.
const DEFAULT_RETRIES = 5;
const DEFAULT_INITIAL_RETRY_MS = 300;
const DEFAULT_MAX_RETRY_MS = 30_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * kafkajs's metadata refresh interval, instead of the client's 5 s: a send
 * after it has expired first waits for a metadata round trip. A leader that
 * moved is noticed sooner anyway: the client refreshes on stale-metadata errors.
 */
const METADATA_MAX_AGE_MS = 300_000;
/** ±20% around each delay, so clients that failed together do not retry together. */
const RETRY_JITTER = 0.2;
/**
 * @platformatic/kafka turns fewer than 2 retries of an idempotent producer
 * into unlimited ones; 2 is the fewest it keeps.
 */
const FEWEST_RETRIES = 2;

/** Exponential backoff between retries of one request, as kafkajs's: doubling from the initial delay up to the cap, jittered. */
export function retryDelayMs(attempt: number, settings: KafkaRetrySettings | undefined, random: () => number = Math.random): number {
  const initial = settings?.initialRetryTimeMs ?? DEFAULT_INITIAL_RETRY_MS;
  const cap = settings?.maxRetryTimeMs ?? DEFAULT_MAX_RETRY_MS;
  const base = Math.min(cap, initial * 2 ** Math.max(0, attempt - 1));
  const jittered = base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random());
  return Math.round(Math.min(cap, jittered));
}

/** How wick's own Produce requests (direct-produce.ts) time out and retry: as the client's would. */
export function directProduceSettings(options: KafkaBusOptions): DirectProduceOptions {
  return {
    timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retries: options.retry?.retries ?? DEFAULT_RETRIES,
    retryDelayMs: (attempt) => retryDelayMs(attempt, options.retry),
  };
}

/**
 * An idempotent producer (acks=all, one request in flight per connection,
 * retried with the same sequence numbers), keyed with Kafka's partitioner,
 * that never creates topics.
 */
export async function createPlatformaticProducer(options: KafkaBusOptions): Promise<PlatformaticProducer> {
  const { Producer: ProducerClass, stringSerializer } = await import('@platformatic/kafka');
  const retryDelay: RetryDelayGetter = (_client, _operation, attempt) => retryDelayMs(attempt, options.retry);
  return new ProducerClass<Buffer, Buffer, string, string>({
    clientId: options.clientId,
    bootstrapBrokers: [...options.brokers],
    idempotent: true,
    acks: -1,
    autocreateTopics: false,
    partitioner: javaCompatiblePartition,
    serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
    retries: Math.max(FEWEST_RETRIES, options.retry?.retries ?? DEFAULT_RETRIES),
    retryDelay,
    timeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    metadataMaxAge: METADATA_MAX_AGE_MS,
    ...(options.connectionTimeoutMs === undefined ? {} : { connectTimeout: options.connectionTimeoutMs }),
  });
}
