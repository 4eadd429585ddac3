// One analytics-api instance without its servers: the candle topic reader
// feeding the hub, the series catalogue, the stream registry and the
// CandleService routes over them. main.ts adds configuration and servers;
// tests build it over an in-process bus and an embedded store; `wick start`
// mounts it (an RpcService) on its shared server with createServiceHandler.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConnectRouter } from '@connectrpc/connect';
import type { Bus } from '../../common/bus/index.js';
import { isIntervalName } from '../../common/candles/intervals.js';
import type { ReadinessCheck } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { SeriesCatalog, type GrpcRoute, type RpcService } from '../../common/rpc/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { candleServiceGrpcRoutes, candleServiceRoutes, type CandleServiceDependencies } from './candle-service.js';
import {
  CANDLES_TOPIC, DEFAULT_LATEST_SERIES, DEFAULT_MAX_STREAMS, DEFAULT_STREAM_LIMITS, DEFAULT_WARMUP_MESSAGES,
} from './defaults.js';
import { CandleHub } from './live/candle-hub.js';
import { LiveFeed } from './live/live-feed.js';
import { MAX_CANDLES_LIMIT } from './handlers/limits.js';
import { LatestCandles, LATEST_REFRESH_MS } from './live/latest-candles.js';
import type { LiveCandle, SeriesRef } from './live/live-candle.js';
import { createLatestCacheMetrics, createLiveFeedMetrics, createStreamMetrics } from './metrics.js';
import { StreamRegistry } from './stream/stream-registry.js';
import type { StreamLimits } from './stream/stream-session.js';

export interface AnalyticsApiOptions {
  readonly store: CandleStore;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Default wick.candles.v1. */
  readonly candlesTopic?: string;
  /** The reader's own consumer group, unique to this instance; default analytics-api-<host>-<pid>-<random>. */
  readonly groupId?: string;
  /** Default DEFAULT_STREAM_LIMITS (defaults.ts). */
  readonly limits?: StreamLimits;
  readonly maxStreams?: number;
  /** Messages per partition of the candle topic replayed at start. */
  readonly warmupMessages?: number;
  /** Least time between store reads caused by requests for unknown series (see SeriesCatalog); default 1 s. */
  readonly catalogMissRefreshMs?: number;
  /** Series whose newest closed candles are kept in memory (LatestCandles); 0 turns the cache off. */
  readonly latestSeries?: number;
  readonly now?: () => number;
}

/** A consumer group no other reader shares: every instance reads every partition. */
export function instanceGroupId(serviceName: string): string {
  return `${serviceName}-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export class AnalyticsApi implements RpcService {
  readonly hub = new CandleHub();
  readonly catalog: SeriesCatalog;
  readonly latest: LatestCandles;
  readonly feed: LiveFeed;
  readonly streams: StreamRegistry;
  readonly routes: (router: ConnectRouter) => void;
  readonly grpcRoutes: readonly GrpcRoute[];

  constructor(private readonly options: AnalyticsApiOptions) {
    const now = options.now ?? Date.now;
    const limits = options.limits ?? DEFAULT_STREAM_LIMITS;
    this.catalog = new SeriesCatalog({ store: options.store, now, missRefreshMs: options.catalogMissRefreshMs });
    this.latest = new LatestCandles({
      hub: this.hub, store: options.store, depth: MAX_CANDLES_LIMIT, maxSeries: options.latestSeries ?? DEFAULT_LATEST_SERIES, refreshMs: LATEST_REFRESH_MS, now,
      metrics: createLatestCacheMetrics(options.registry),
    });
    this.feed = new LiveFeed({
      bus: options.bus,
      topic: options.candlesTopic ?? CANDLES_TOPIC,
      groupId: options.groupId ?? instanceGroupId('analytics-api'),
      hub: this.hub,
      logger: options.logger.child({ component: 'candle-feed' }),
      metrics: createLiveFeedMetrics(options.registry),
      warmupMessages: options.warmupMessages ?? DEFAULT_WARMUP_MESSAGES,
      onAccepted: (candle) => this.noteLive(candle),
      now,
    });
    const streamMetrics = createStreamMetrics(options.registry);
    const tickMs = Math.max(50, Math.min(1_000, Math.floor(limits.heartbeatMs / 2)));
    this.streams = new StreamRegistry({ maxStreams: options.maxStreams ?? DEFAULT_MAX_STREAMS, tickMs, metrics: streamMetrics, now });
    const serviceDeps: CandleServiceDependencies = {
      store: options.store,
      hub: this.hub,
      catalog: this.catalog,
      latest: this.latest,
      registry: this.streams,
      now,
      session: { hub: this.hub, readHistory: (key, count) => this.readHistory(key, count), metrics: streamMetrics, limits, now },
    };
    this.routes = candleServiceRoutes(serviceDeps);
    this.grpcRoutes = candleServiceGrpcRoutes(serviceDeps);
  }

  /** Starts reading the candle topic; /readyz turns ready once it has caught up. */
  start(): void {
    this.feed.start();
  }

  readinessChecks(): ReadinessCheck[] {
    return [this.feed.readiness(), { name: 'candle-store', check: () => this.options.store.ping() }];
  }

  /** Ends every stream (they get UNAVAILABLE after what they have queued); resolves when all have ended or `signal` aborts. */
  endStreams(signal?: AbortSignal): Promise<void> {
    return this.streams.shutdown(signal);
  }

  stopFeed(): Promise<void> {
    return this.feed.stop();
  }

  private noteLive(candle: LiveCandle): void {
    const { exchange, symbol, interval } = candle.message();
    // The serde validated the interval; the guard only narrows its type.
    if (isIntervalName(interval)) this.catalog.noteLive(exchange, symbol, interval);
  }

  private async readHistory(series: SeriesRef, count: number): Promise<readonly LiveCandle[]> {
    return (await this.latest.latest(series, count)).candles;
  }
}
