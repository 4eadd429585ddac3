// What the collector needs from Kafka before it may publish: its topics
// (created when missing, never altered), a fresh idempotent producer, and
// the last aggregate id of each symbol already in the trade topic. Opened at
// start-up and again after a failed produce; a fresh producer each time, so
// nothing of a failed one is ever retried behind the collector's back.
import type { Logger } from 'pino';
import { isBusError, type Bus, type BusProducer, type TopicSpec } from '../../../common/bus/index.js';
import { readLastPublished } from './last-published.js';

export interface KafkaSessionSettings {
  readonly tradesTopic: string;
  readonly deadLetterTopic: string;
  /** Partitions of topics the collector has to create. */
  readonly partitions: number;
  /** Kafka keys of the collected symbols. */
  readonly keys: readonly string[];
  readonly restoreWindow: number;
  readonly restoreMaxMessages: number;
  readonly restoreTimeoutMs: number;
  readonly groupPrefix: string;
}

export interface KafkaSession {
  readonly producer: BusProducer;
  /** Last aggregate trade id in Kafka, by key. */
  readonly lastIds: ReadonlyMap<string, number>;
}

export async function openKafkaSession(bus: Bus, settings: KafkaSessionSettings, logger: Logger): Promise<KafkaSession> {
  await ensureTopics(bus, [settings.tradesTopic, settings.deadLetterTopic].map((topic) => ({ topic, partitions: settings.partitions })), logger);
  const producer = await bus.producer();
  try {
    const started = Date.now();
    const lastIds = await readLastPublished(bus, {
      topic: settings.tradesTopic,
      keys: settings.keys,
      windowSize: settings.restoreWindow,
      maxMessagesPerPartition: settings.restoreMaxMessages,
      groupPrefix: settings.groupPrefix,
      timeoutMs: settings.restoreTimeoutMs,
      logger,
    });
    logger.info({ topic: settings.tradesTopic, found: lastIds.size, symbols: settings.keys.length, ms: Date.now() - started }, 'read the last published trade ids back from Kafka');
    return { producer, lastIds };
  } catch (error) {
    await producer.close().catch(() => undefined);
    throw error;
  }
}

async function ensureTopics(bus: Bus, specs: readonly TopicSpec[], logger: Logger): Promise<void> {
  const missing: TopicSpec[] = [];
  for (const spec of specs) {
    try {
      await bus.offsets(spec.topic);
    } catch (error) {
      if (!isBusError(error, 'unknown-topic')) throw error;
      missing.push(spec);
    }
  }
  if (missing.length === 0) return;
  logger.info({ topics: missing.map((spec) => spec.topic), partitions: missing[0]?.partitions }, 'creating missing topics');
  await bus.createTopics(missing);
}
