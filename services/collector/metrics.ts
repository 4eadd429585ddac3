// The collector's Prometheus metrics, created once at the edge and handed to
// the parts that record them through narrow interfaces (FeedMetrics,
// RestMetrics, DeadLetterMetrics), so no domain code imports prom-client.
import { createCounter, createFastHistogram, createGauge, type Registry } from '../../common/metrics/index.js';
import type { RestMetrics } from './binance/rest-client.js';
import type { DisconnectReason, RotationReason } from './feed/feed-connection.js';
import type { FeedMetrics } from './feed/realtime-feed.js';
import type { DeadLetterMetrics } from './publish/dead-letters.js';

/** Exchange time to Kafka acknowledgement, in seconds: sub-millisecond to a minute. */
const PUBLISH_LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface CollectorMetrics extends FeedMetrics, RestMetrics, DeadLetterMetrics {
  /** Trades Kafka acknowledged, by symbol and source (live or rest). */
  published(symbol: string, source: string, count: number): void;
  /** Seconds from exchange trade time to Kafka acknowledgement (live trades only). */
  latency(seconds: number): void;
  /** Seconds from receiving a live trade to its Kafka acknowledgement: the collector's own share. */
  internalLatency(seconds: number): void;
  gap(symbol: string): void;
  duplicates(symbol: string, count: number): void;
  /** Ids neither REST nor the stream could supply. */
  unrecoverable(symbol: string, count: number): void;
  bufferOverflow(symbol: string): void;
  produceError(): void;
  resync(reason: string): void;
  queued(count: number): void;
}

export function createCollectorMetrics(registry: Registry): CollectorMetrics {
  const trades = createCounter(registry, { name: 'wick_collector_trades_total', help: 'Trades acknowledged by Kafka, by symbol and source (live stream or REST backfill).', labelNames: ['symbol', 'source'] as const });
  const latency = createFastHistogram(registry, { name: 'wick_collector_publish_latency_seconds', help: 'Exchange trade time to Kafka acknowledgement, live trades.', buckets: PUBLISH_LATENCY_BUCKETS });
  const internal = createFastHistogram(registry, { name: 'wick_collector_internal_latency_seconds', help: 'Receipt of a live trade to its Kafka acknowledgement: the collector and Kafka, without the exchange and the network.', buckets: PUBLISH_LATENCY_BUCKETS });
  const reconnects = createCounter(registry, { name: 'wick_collector_reconnects_total', help: 'Unplanned connection losses followed by a reconnect, by reason.', labelNames: ['reason'] as const });
  const rotations = createCounter(registry, { name: 'wick_collector_rotations_total', help: 'Make-before-break connection replacements, by reason (max-age, server-shutdown).', labelNames: ['reason'] as const });
  const live = createGauge(registry, { name: 'wick_collector_live_connections', help: 'Connections currently carrying their streams.' });
  const gaps = createCounter(registry, { name: 'wick_collector_gaps_total', help: 'Gaps in aggregate trade ids detected on the stream, by symbol.', labelNames: ['symbol'] as const });
  const duplicates = createCounter(registry, { name: 'wick_collector_duplicates_total', help: 'Trades dropped because their id was already published, by symbol.', labelNames: ['symbol'] as const });
  const unrecoverable = createCounter(registry, { name: 'wick_collector_unrecoverable_trades_total', help: 'Aggregate trade ids given up on: in neither REST nor the stream, by symbol.', labelNames: ['symbol'] as const });
  const overflow = createCounter(registry, { name: 'wick_collector_buffer_overflows_total', help: 'Live trades dropped from a full gap buffer (fetched over REST instead), by symbol.', labelNames: ['symbol'] as const });
  const deadLetters = createCounter(registry, { name: 'wick_collector_dlq_total', help: 'Frames and REST rows sent to the dead-letter topic, by reason.', labelNames: ['reason'] as const });
  const dlqFailures = createCounter(registry, { name: 'wick_collector_dlq_write_errors_total', help: 'Dead letters that could not be written to Kafka.' });
  const produceErrors = createCounter(registry, { name: 'wick_collector_produce_errors_total', help: 'Trade batches Kafka did not acknowledge.' });
  const resyncs = createCounter(registry, { name: 'wick_collector_resyncs_total', help: 'Times the last published ids were re-read from Kafka, by reason.', labelNames: ['reason'] as const });
  const queued = createGauge(registry, { name: 'wick_collector_publish_queue', help: 'Trades waiting for or in flight to Kafka.' });
  const rest = createCounter(registry, { name: 'wick_collector_rest_requests_total', help: 'Binance REST requests by endpoint and HTTP status ("error": no answer).', labelNames: ['endpoint', 'status'] as const });
  const weight = createGauge(registry, { name: 'wick_collector_rest_used_weight', help: 'Request weight Binance reports used this minute (X-MBX-USED-WEIGHT-1M).' });
  // Called for every acknowledged batch: label children looked up once, not hashed per call.
  const tradeCounters = new Map<string, Map<string, { inc(value: number): void }>>();
  const tradeCounter = (symbol: string, source: string) => {
    let bySymbol = tradeCounters.get(source);
    if (bySymbol === undefined) tradeCounters.set(source, (bySymbol = new Map()));
    let child = bySymbol.get(symbol);
    if (child === undefined) bySymbol.set(symbol, (child = trades.labels({ symbol, source })));
    return child;
  };
  return {
    published: (symbol, source, count) => tradeCounter(symbol, source).inc(count),
    latency: (seconds) => latency.observe(seconds),
    internalLatency: (seconds) => internal.observe(seconds),
    reconnect: (reason: DisconnectReason) => reconnects.inc({ reason }),
    rotation: (reason: RotationReason) => rotations.inc({ reason }),
    liveConnections: (count) => live.set(count),
    gap: (symbol) => gaps.inc({ symbol }),
    duplicates: (symbol, count) => duplicates.inc({ symbol }, count),
    unrecoverable: (symbol, count) => unrecoverable.inc({ symbol }, count),
    bufferOverflow: (symbol) => overflow.inc({ symbol }),
    deadLetter: (reason) => deadLetters.inc({ reason }),
    deadLetterWriteFailed: () => dlqFailures.inc(),
    produceError: () => produceErrors.inc(),
    resync: (reason) => resyncs.inc({ reason }),
    queued: (count) => queued.set(count),
    request: (endpoint, status) => rest.inc({ endpoint, status }),
    usedWeight: (used) => weight.set(used),
  };
}
