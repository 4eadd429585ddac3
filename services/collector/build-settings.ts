// From the parsed command line to the settings of the collector's parts:
// topic names, feed lifecycle, batching, backfill and retry policies.
import type { KafkaBusOptions } from '../../common/bus/index.js';
import type { SymbolSelection } from './binance/symbols.js';
import type { CollectorSettings } from './collector.js';
import { defaultProduceBatch, type CollectorConfig } from './settings.js';

export const TRADES_TOPIC = 'wick.trades.v1';
export const DEAD_LETTER_SUFFIX = '.dlq';

/** REST retries within one backfill request; the backfiller itself tries again later. */
export const REST_RETRY = { maxAttempts: 5, startingDelayMs: 500, maxDelayMs: 10_000 } as const;

export function symbolSelection(config: CollectorConfig): SymbolSelection {
  if (config.symbols !== undefined) return { kind: 'list', symbols: config.symbols };
  return config.quoteAsset === undefined ? { kind: 'trading' } : { kind: 'trading', quoteAsset: config.quoteAsset };
}

/** The Kafka bus's settings: the brokers, and the client that produces (consumers, used only to restore state, are kafkajs's). */
export function collectorBusOptions(config: CollectorConfig, logger: KafkaBusOptions['logger']): KafkaBusOptions {
  return { brokers: config.kafkaBrokers, clientId: config.serviceName, producerClient: config.kafkaProducer, logger };
}

export function buildCollectorSettings(config: CollectorConfig, symbols: readonly string[], wsUrl: string): CollectorSettings {
  const tradesTopic = `${config.topicPrefix}${TRADES_TOPIC}`;
  const produceBatch = config.produceBatch ?? defaultProduceBatch(config.kafkaProducer);
  return {
    symbols,
    wsUrl,
    tradesTopic,
    deadLetterTopic: `${tradesTopic}${DEAD_LETTER_SUFFIX}`,
    partitions: config.partitions,
    feed: {
      streamsPerConnection: config.streamsPerConnection,
      backoff: { initialDelayMs: config.reconnectDelay, maxDelayMs: Math.max(config.reconnectDelay, config.reconnectMaxDelay) },
      staleAfterMs: config.staleAfter,
      maxConnectionAgeMs: config.maxConnectionAge,
      liveTimeoutMs: config.liveTimeout,
      // A connection that outlived the longest reconnect delay proved the venue accepts us again.
      stableAfterMs: Math.max(10_000, config.reconnectMaxDelay),
    },
    publish: { maxBatchMessages: produceBatch, lingerMs: config.produceLinger, highWaterMark: publishHighWaterMark(produceBatch) },
    backfill: { concurrency: config.backfillConcurrency, pollDelayMs: 500, giveUpAfterMs: config.backfillGiveUp, failureDelayMs: 5_000 },
    maxBufferedPerSymbol: config.maxBuffered,
    kafkaBackoff: { initialDelayMs: 500, maxDelayMs: 15_000 },
    restoreWindow: 10_000,
    // At kafkajs's fetch rates this is seconds per partition, well inside the timeout.
    restoreMaxMessages: 2_000_000,
    restoreTimeoutMs: 120_000,
  };
}

/**
 * Trades queued for Kafka above which the collector stops reading its
 * sockets: ten batches, and at least 10,000 (a few tenths of a second of a
 * busy feed), so a slow acknowledgement does not stall intake at once, while
 * what is queued stays small enough not to burden the garbage collector.
 */
export function publishHighWaterMark(produceBatch: number): number {
  return Math.max(10_000, produceBatch * 10);
}
