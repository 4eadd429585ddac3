// The `wick analytics-api` command line, declared with common/config: flags,
// their environment variables, defaults and --help come from here.
import { duration, int, kafkaBrokers, port, runtimeSettings, setting, str, type CommandDoc, type ConfigOf } from '../../common/config/index.js';
import { storeSettings } from '../../common/rpc/index.js';
import {
  CANDLES_TOPIC, DEFAULT_LATEST_SERIES, DEFAULT_MAX_STREAMS, DEFAULT_STREAM_LIMITS, DEFAULT_WARMUP_MESSAGES,
} from './defaults.js';

export { CANDLES_TOPIC } from './defaults.js';

export const analyticsDoc: CommandDoc = {
  usage: 'wick analytics-api [flags]',
  summary:
    'Serves wick.v1.CandleService (GetCandles, StreamCandles, ListSymbols) over Connect, gRPC and gRPC-Web on --api-port ' +
    '(HTTP/1.1 and HTTP/2 without TLS), from the candle store and the live candle topic.',
  details: [
    'Each instance reads the whole candle topic in a consumer group of its own, so any instance serves any subscriber.',
    'A stream that falls behind is conflated (a newer partial replaces an unsent one), then cut with RESOURCE_EXHAUSTED',
    'when more than --stream-queue updates wait or the oldest waits longer than --stream-max-lag.',
    '',
    'Examples:',
    '  wick analytics-api --database-url postgres://wick@db:5432/wick --kafka-brokers kafka:9092',
    '  wick analytics-api --data-dir ./data --api-port 8080',
    '  npx buf curl --schema proto --protocol grpc --http2-prior-knowledge \\',
    '    -d \'{"symbol":"BTCUSDT","interval":"1m","limit":5}\' http://127.0.0.1:8080/wick.v1.CandleService/GetCandles',
  ].join('\n'),
};

export const analyticsSettings = {
  apiPort: setting({
    flag: 'api-port',
    env: 'WICK_API_PORT',
    description: 'Port of the CandleService API (Connect, gRPC, gRPC-Web); it binds --http-host (0 picks a free port).',
    parser: port(),
    default: 8080,
  }),
  kafkaBrokers,
  topicPrefix: setting({
    flag: 'topic-prefix',
    env: 'WICK_TOPIC_PREFIX',
    description: `Prefix of the Kafka topic names (${CANDLES_TOPIC}).`,
    parser: str({ allowEmpty: true, hint: 'prefix' }),
    default: '',
  }),
  ...storeSettings,
  streamQueue: setting({
    flag: 'stream-queue',
    env: 'WICK_STREAM_QUEUE',
    description: 'Updates a stream may have waiting to be sent (after conflation) before it is cut with RESOURCE_EXHAUSTED.',
    parser: int({ min: 16, max: 1_000_000 }),
    default: DEFAULT_STREAM_LIMITS.queueCapacity,
  }),
  streamMaxLag: setting({
    flag: 'stream-max-lag',
    env: 'WICK_STREAM_MAX_LAG',
    description: 'A stream whose oldest waiting update is older than this is cut with RESOURCE_EXHAUSTED.',
    parser: duration({ minMs: 100, maxMs: 3_600_000 }),
    default: DEFAULT_STREAM_LIMITS.maxLagMs,
  }),
  heartbeat: setting({
    flag: 'heartbeat',
    env: 'WICK_HEARTBEAT',
    description: 'A stream idle this long gets a Heartbeat message.',
    parser: duration({ minMs: 100, maxMs: 600_000 }),
    default: DEFAULT_STREAM_LIMITS.heartbeatMs,
  }),
  cutGrace: setting({
    flag: 'cut-grace',
    env: 'WICK_CUT_GRACE',
    description: 'Time a cut stream gets to take its error before its HTTP/2 stream (or HTTP/1.1 connection) is reset.',
    parser: duration({ minMs: 100, maxMs: 600_000 }),
    default: DEFAULT_STREAM_LIMITS.cutGraceMs,
  }),
  maxStreams: setting({
    flag: 'max-streams',
    env: 'WICK_MAX_STREAMS',
    description: 'StreamCandles streams one instance serves at once; more are refused with RESOURCE_EXHAUSTED.',
    parser: int({ min: 1, max: 1_000_000 }),
    default: DEFAULT_MAX_STREAMS,
  }),
  latestSeries: setting({
    flag: 'latest-series',
    env: 'WICK_LATEST_SERIES',
    description: 'Series whose newest 1,000 closed candles are kept in memory, encoded and fed live, for GetCandles and stream history (about 0.4 MB each); 0 turns it off.',
    parser: int({ min: 0, max: 100_000 }),
    default: DEFAULT_LATEST_SERIES,
  }),
  warmup: setting({
    flag: 'warmup-messages',
    env: 'WICK_WARMUP_MESSAGES',
    description: 'Candle updates per partition read back from the end of the topic at start, so running partials are known at once.',
    parser: int({ min: 0, max: 10_000_000 }),
    default: DEFAULT_WARMUP_MESSAGES,
  }),
  ...runtimeSettings({ service: 'analytics-api', httpPort: 9103 }),
} as const;

export type AnalyticsConfig = ConfigOf<typeof analyticsSettings>;
