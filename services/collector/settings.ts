// The `wick collector` command line, declared with common/config: flags,
// their environment variables, defaults and --help come from here.
import { KAFKA_PRODUCER_CLIENTS, type KafkaProducerClient } from '../../common/bus/index.js';
import { duration, int, kafkaBrokers, list, oneOf, runtimeSettings, setting, str, url, ValueError, type CommandDoc, type ConfigOf, type Parser } from '../../common/config/index.js';
import { MAX_CONNECTION_LIFETIME_MS, MAX_STREAMS_PER_CONNECTION } from './binance/limits.js';

export const BINANCE_STREAM_URL = 'wss://data-stream.binance.vision';
export const BINANCE_REST_URL = 'https://data-api.binance.vision';

/** Where the trades come from: a Binance-compatible WebSocket base URL, or the built-in simulator replaying a file. */
export type CollectorSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'simulate'; readonly file: string };

const SIMULATE_PREFIX = 'simulate:';

export const sourceParser: Parser<CollectorSource> = {
  hint: 'ws-url|simulate:FILE',
  parse(raw) {
    const text = raw.trim();
    if (text.startsWith(SIMULATE_PREFIX)) {
      const file = text.slice(SIMULATE_PREFIX.length);
      if (file === '') throw new ValueError('simulate: needs a recording file, e.g. simulate:XRPETH-aggTrades.csv');
      return { kind: 'simulate', file };
    }
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new ValueError(`${JSON.stringify(text)} is neither a ws:// or wss:// URL nor simulate:FILE`);
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new ValueError(`${JSON.stringify(text)} is not a ws:// or wss:// URL`);
    return { kind: 'url', url: text.replace(/\/+$/, '') };
  },
  format: (value) => (value.kind === 'url' ? value.url : `${SIMULATE_PREFIX}${value.file}`),
};

const symbolParser: Parser<string> = {
  hint: 'SYMBOL',
  parse(raw) {
    if (!/^[A-Za-z0-9]{2,32}$/.test(raw)) throw new ValueError(`${JSON.stringify(raw)} is not a Binance symbol like BTCUSDT`);
    return raw.toUpperCase();
  },
  format: (value) => value,
};

export const collectorDoc: CommandDoc = {
  usage: 'wick collector [--symbols S,...|--quote-asset A] [--source URL|simulate:FILE] [flags]',
  summary:
    'Streams Binance aggregate trades into Kafka (wick.trades.v1, key binance:SYMBOL), each aggregate trade id exactly once ' +
    'and in order per symbol: gaps after reconnects, rotations and restarts are filled over REST.',
  details: [
    'Symbols: --symbols, else every TRADING symbol of exchangeInfo (only those quoted in --quote-asset when given).',
    'Frames that cannot be used go to wick.trades.v1.dlq with the reason in their headers.',
    '',
    'Examples:',
    '  wick collector --symbols BTCUSDT,ETHUSDT',
    '  wick collector --quote-asset USDT --kafka-brokers kafka:9092',
    '  wick collector --source simulate:data/XRPETH-aggTrades.csv',
  ].join('\n'),
};

export const collectorSettings = {
  symbols: setting({ flag: 'symbols', env: 'WICK_SYMBOLS', description: 'Symbols to collect, comma-separated.', parser: list(symbolParser) }),
  quoteAsset: setting({ flag: 'quote-asset', env: 'WICK_QUOTE_ASSET', description: 'Without --symbols: collect every TRADING symbol quoted in this asset.', parser: str({ hint: 'ASSET' }) }),
  source: setting({ flag: 'source', env: 'WICK_SOURCE', description: 'Binance WebSocket base URL, or simulate:FILE to replay a recording through the built-in simulator.', parser: sourceParser, default: { kind: 'url', url: BINANCE_STREAM_URL } }),
  restUrl: setting({ flag: 'rest-url', env: 'WICK_REST_URL', description: `Binance REST base URL; default ${BINANCE_REST_URL} for Binance's stream, else the --source host over http(s).`, parser: url({ protocols: ['http', 'https'] }) }),
  kafkaBrokers,
  kafkaProducer: setting({
    flag: 'kafka-producer',
    env: 'WICK_KAFKA_PRODUCER',
    description: 'Kafka client that publishes the trades: platformatic (@platformatic/kafka, a fraction of the CPU per trade) or kafkajs.',
    parser: oneOf(KAFKA_PRODUCER_CLIENTS),
    default: 'platformatic',
  }),
  topicPrefix: setting({ flag: 'topic-prefix', env: 'WICK_TOPIC_PREFIX', description: 'Prefix of the Kafka topic names (wick.trades.v1 and wick.trades.v1.dlq).', parser: str({ allowEmpty: true, hint: 'prefix' }), default: '' }),
  partitions: setting({ flag: 'partitions', env: 'WICK_TRADES_PARTITIONS', description: 'Partitions of the trade and dead-letter topics when the collector has to create them.', parser: int({ min: 1, max: 10_000 }), default: 6 }),
  maxConnectionAge: setting({ flag: 'max-connection-age', env: 'WICK_MAX_CONNECTION_AGE', description: "Replace a connection this long after it went live (Binance cuts them at 24h).", parser: duration({ minMs: 1_000, maxMs: MAX_CONNECTION_LIFETIME_MS }), default: 23 * 3_600_000 }),
  staleAfter: setting({ flag: 'stale-after', env: 'WICK_STALE_AFTER', description: 'Replace a connection that received no frame and no ping for this long (Binance pings every 20s).', parser: duration({ minMs: 100 }), default: 45_000 }),
  reconnectDelay: setting({ flag: 'reconnect-delay', env: 'WICK_RECONNECT_DELAY', description: 'First reconnect delay bound; it doubles per failed attempt (jittered).', parser: duration({ minMs: 1 }), default: 250 }),
  reconnectMaxDelay: setting({ flag: 'reconnect-max-delay', env: 'WICK_RECONNECT_MAX_DELAY', description: 'Cap on the reconnect delay.', parser: duration({ minMs: 1 }), default: 30_000 }),
  liveTimeout: setting({ flag: 'live-timeout', env: 'WICK_LIVE_TIMEOUT', description: 'Bound on opening a connection and subscribing its streams.', parser: duration({ minMs: 100 }), default: 15_000 }),
  streamsPerConnection: setting({ flag: 'streams-per-connection', env: 'WICK_STREAMS_PER_CONNECTION', description: 'Streams per WebSocket connection.', parser: int({ min: 1, max: MAX_STREAMS_PER_CONNECTION }), default: MAX_STREAMS_PER_CONNECTION }),
  produceLinger: setting({ flag: 'produce-linger', env: 'WICK_PRODUCE_LINGER', description: 'Wait this long to fill a batch that is not full (0: send at once; batches still fill while one is in flight).', parser: duration(), default: 0 }),
  // Its default depends on the client (defaultProduceBatch). kafkajs groups a
  // request's messages per partition in time quadratic in their number (kafkajs
  // PR #1576), and its cost per message is otherwise flat: on one symbol's
  // partition 250 to 500 trades per request cost the least CPU per trade, 1,000
  // about 10% more, 100 about 25% more. With platformatic (wick's own Produce
  // requests) a request's fixed cost is most of it: 1,000 trades per request
  // gave 50-60% more trades per second than 500 (npm run bench -- collector).
  produceBatch: setting({ flag: 'produce-batch', env: 'WICK_PRODUCE_BATCH', description: 'Most trades per produce request (default 1000 with platformatic, 500 with kafkajs).', parser: int({ min: 1, max: 100_000 }) }),
  maxBuffered: setting({ flag: 'max-buffered', env: 'WICK_MAX_BUFFERED', description: 'Live trades held per symbol while a gap is backfilled; beyond it they are fetched over REST too.', parser: int({ min: 1 }), default: 100_000 }),
  restWeightBudget: setting({ flag: 'rest-weight-budget', env: 'WICK_REST_WEIGHT_BUDGET', description: 'REST request weight per minute the collector allows itself (Binance allows 6000 per IP).', parser: int({ min: 4, max: 6_000 }), default: 3_000 }),
  restTimeout: setting({ flag: 'rest-timeout', env: 'WICK_REST_TIMEOUT', description: 'Bound on one REST request.', parser: duration({ minMs: 100 }), default: 10_000 }),
  backfillConcurrency: setting({ flag: 'backfill-concurrency', env: 'WICK_BACKFILL_CONCURRENCY', description: 'REST requests in flight at once for gap backfills.', parser: int({ min: 1, max: 64 }), default: 4 }),
  backfillGiveUp: setting({ flag: 'backfill-give-up', env: 'WICK_BACKFILL_GIVE_UP', description: 'Give up trade ids that REST has not produced after this long without progress (logged and counted).', parser: duration({ minMs: 100 }), default: 120_000 }),
  ...runtimeSettings({ service: 'collector', httpPort: 9101 }),
} as const;

export type CollectorConfig = ConfigOf<typeof collectorSettings>;

/** Trades per produce request unless --produce-batch says otherwise: what costs each client the least (see the setting). */
export function defaultProduceBatch(client: KafkaProducerClient): number {
  return client === 'kafkajs' ? 500 : 1_000;
}

/** The REST base for a stream URL: Binance's market-data host for Binance's, else the same host over http(s). */
export function defaultRestUrl(streamUrl: string): string {
  if (streamUrl === BINANCE_STREAM_URL) return BINANCE_REST_URL;
  const parsed = new URL(streamUrl);
  parsed.protocol = parsed.protocol === 'wss:' ? 'https:' : 'http:';
  return parsed.origin;
}
