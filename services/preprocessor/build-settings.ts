// From the parsed command line to the preprocessor's settings: topic names,
// the Redis key scope, engine options and timings.
import { INTERVALS } from '../../common/candles/intervals.js';
import type { PreprocessorSettings } from './preprocessor.js';
import type { PreprocessorConfig } from './settings.js';

export const TRADES_TOPIC = 'wick.trades.v1';
export const CANDLES_TOPIC = 'wick.candles.v1';
export const DEAD_LETTER_SUFFIX = '.dlq';

/** Unacknowledged candle messages past which a batch waits for Kafka. */
const MAX_BACKLOG = 200_000;

export function buildPreprocessorSettings(config: PreprocessorConfig): PreprocessorSettings {
  const tradesTopic = `${config.topicPrefix}${TRADES_TOPIC}`;
  const lagPollMs = Math.max(50, Math.min(1_000, Math.floor(config.idleTimeout / 2)));
  return {
    groupId: config.groupId,
    tradesTopic,
    candlesTopic: `${config.topicPrefix}${CANDLES_TOPIC}`,
    deadLetterTopic: `${tradesTopic}${DEAD_LETTER_SUFFIX}`,
    candlePartitions: config.candlePartitions,
    scope: `${config.redisKeyPrefix}:${config.groupId}`,
    maxBatch: config.maxBatch,
    engine: {
      // Binance's order, shortest first, as the engine and the rebuild expect.
      intervals: INTERVALS.filter((interval) => config.intervals.includes(interval)),
      timezoneOffsetMinutes: config.timezone,
      graceMs: config.grace,
      partialThrottleMs: config.partialThrottle,
      revisionWindow: config.revisionWindow,
    },
    timing: {
      checkpointIntervalMs: config.checkpointInterval,
      idleTimeoutMs: config.idleTimeout,
      idleClockRate: config.idleClockRate,
      maxBacklog: MAX_BACKLOG,
      // Two polls may fail or straggle before a member stops trusting what it saw.
      highMaxAgeMs: 3 * lagPollMs,
    },
    rebuildClockSkewMs: config.rebuildClockSkew,
    tickMs: Math.max(10, Math.min(250, Math.floor(config.checkpointInterval / 2), Math.floor(config.idleTimeout / 2))),
    lagPollMs,
    restartDelayMs: 1_000,
  };
}
