// The `wick preprocessor` command line, declared with common/config: flags,
// their environment variables, defaults and --help come from here.
import { CandleError } from '../../common/candles/errors.js';
import { DEFAULT_INTERVALS, formatTimezone, INTERVALS, parseInterval, parseTimezone, type IntervalName } from '../../common/candles/intervals.js';
import {
  databaseUrl,
  duration,
  int,
  kafkaBrokers,
  list,
  oneOf,
  redisUrl,
  runtimeSettings,
  setting,
  str,
  ValueError,
  type CommandDoc,
  type ConfigOf,
  type Parser,
} from '../../common/config/index.js';
import { databaseSchema } from '../../common/store/settings.js';

export const preprocessorDoc: CommandDoc = {
  usage: 'wick preprocessor [--intervals 1m,5m,...] [--kafka-brokers H:P] [--redis-url URL] [--database-url URL] [flags]',
  summary:
    'Builds candles from the trades in Kafka (wick.trades.v1) as a consumer group: partial and final updates go to ' +
    'wick.candles.v1, finals and revisions to the candle store, and the partial bars with their offsets to Redis, so a ' +
    'crash, a rebalance or a lost Redis never loses a trade or counts one twice.',
  details: [
    'Undecodable or impossible trades go to wick.trades.v1.dlq with the reason in their headers.',
    'Scale out by starting more preprocessors with the same --group-id: they share the partitions.',
    '',
    'Examples:',
    '  wick preprocessor',
    '  wick preprocessor --intervals 1m,5m,15m,1h,4h,1d --grace 2s --checkpoint-interval 1s',
  ].join('\n'),
};

const interval: Parser<IntervalName> = {
  hint: INTERVALS.join('|'),
  parse: (raw) => candleValue(() => parseInterval(raw)),
  format: (value) => value,
};

const timezone: Parser<number> = {
  hint: '+HH:MM',
  parse: (raw) => candleValue(() => parseTimezone(raw)),
  format: formatTimezone,
};

/** A positive number of event-time milliseconds per wall-clock millisecond, as a decimal like 1 or 3600. */
const rate: Parser<number> = {
  hint: 'number',
  parse(raw) {
    const text = raw.trim();
    if (!/^\d{1,12}(?:\.\d{1,6})?$/.test(text)) throw new ValueError(`${JSON.stringify(raw)} is not a positive number like 1 or 3600`);
    const value = Number(text);
    if (!(value > 0)) throw new ValueError(`${JSON.stringify(raw)} must be greater than zero`);
    return value;
  },
  format: (value) => String(value),
};

export const preprocessorSettings = {
  kafkaBrokers,
  redisUrl,
  databaseUrl,
  databaseSchema,
  intervals: setting({ flag: 'intervals', env: 'WICK_INTERVALS', description: 'Candle intervals to build, comma-separated.', parser: list(interval), default: DEFAULT_INTERVALS }),
  timezone: setting({ flag: 'timezone', env: 'WICK_TIMEZONE', description: 'Fixed UTC offset at which interval boundaries fall (Binance timeZone).', parser: timezone, default: 0 }),
  grace: setting({ flag: 'grace', env: 'WICK_GRACE', description: 'A candle closes once the watermark passes its close time plus this; later trades revise it.', parser: duration({ maxMs: 3_600_000 }), default: 2_000 }),
  partialThrottle: setting({ flag: 'partial-throttle', env: 'WICK_PARTIAL_THROTTLE', description: 'Partial updates per symbol and interval at most this often (event time; 0: one per batch).', parser: duration({ maxMs: 60_000 }), default: 250 }),
  revisionWindow: setting({ flag: 'revision-window', env: 'WICK_REVISION_WINDOW', description: 'How many closed candles back per interval a late trade can still revise.', parser: int({ min: 1, max: 1_000 }), default: 10 }),
  checkpointInterval: setting({ flag: 'checkpoint-interval', env: 'WICK_CHECKPOINT_INTERVAL', description: 'How often the changed bars and offsets of each partition are checkpointed to Redis (then committed to Kafka).', parser: duration({ minMs: 10, maxMs: 600_000 }), default: 1_000 }),
  idleTimeout: setting({ flag: 'idle-timeout', env: 'WICK_IDLE_TIMEOUT', description: 'A caught-up partition without trades for this long advances its watermark with the wall clock, so quiet symbols still close.', parser: duration({ minMs: 10, maxMs: 3_600_000 }), default: 5_000 }),
  idleClockRate: setting({ flag: 'idle-clock-rate', env: 'WICK_IDLE_CLOCK_RATE', description: 'Event-time milliseconds an idle partition advances per wall-clock millisecond (1 live; N for a replay sped up N times).', parser: rate, default: 1 }),
  rebuildClockSkew: setting({ flag: 'rebuild-clock-skew', env: 'WICK_REBUILD_CLOCK_SKEW', description: 'How far a Kafka message timestamp may lag its trade time; rebuilding lost state replays from this much earlier.', parser: duration({ maxMs: 86_400_000 }), default: 60_000 }),
  topicPrefix: setting({ flag: 'topic-prefix', env: 'WICK_TOPIC_PREFIX', description: 'Prefix of the Kafka topic names (wick.trades.v1, wick.candles.v1 and the dead-letter topic).', parser: str({ allowEmpty: true, hint: 'prefix' }), default: '' }),
  groupId: setting({ flag: 'group-id', env: 'WICK_GROUP_ID', description: 'Kafka consumer group; preprocessors with the same group share the partitions.', parser: str({ hint: 'group' }), default: 'wick-preprocessor' }),
  redisKeyPrefix: setting({ flag: 'redis-key-prefix', env: 'WICK_REDIS_KEY_PREFIX', description: 'Prefix of the Redis keys holding the checkpoints (the group id is appended).', parser: str({ hint: 'prefix' }), default: 'wick:preprocessor' }),
  candlePartitions: setting({ flag: 'candle-partitions', env: 'WICK_CANDLE_PARTITIONS', description: 'Partitions of wick.candles.v1 when the preprocessor has to create it (default: as many as the trade topic).', parser: int({ min: 1, max: 10_000 }) }),
  storeMigrations: setting({ flag: 'store-migrations', env: 'WICK_STORE_MIGRATIONS', description: 'apply: bring the candle store schema up to date at start; verify: refuse to start unless wick migrate did.', parser: oneOf(['verify', 'apply'] as const), default: 'verify' }),
  maxBatch: setting({ flag: 'max-batch', env: 'WICK_MAX_BATCH', description: 'Most trades handed to the engine in one batch.', parser: int({ min: 1, max: 1_000_000 }), default: 20_000 }),
  kafkaSessionTimeout: setting({ flag: 'kafka-session-timeout', env: 'WICK_KAFKA_SESSION_TIMEOUT', description: 'A silent member is dropped from the group after this (Kafka enforces 6s at least); its partitions move on.', parser: duration({ minMs: 6_000, maxMs: 300_000 }), default: 30_000 }),
  ...runtimeSettings({ service: 'preprocessor', httpPort: 9102 }),
} as const;

export type PreprocessorConfig = ConfigOf<typeof preprocessorSettings>;

function candleValue<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CandleError) throw new ValueError(error.message);
    throw error;
  }
}
