// The parts of `wick start` and how they connect, in one process:
//
//   source (Binance | simulator) -> collector -> in-process bus (wick.trades.v1)
//     -> preprocessor -> bus (wick.candles.v1) + PGlite candle store
//                     -> partial bars: DurableBarStore (memory, saved to PGlite)
//     -> analytics-api (CandleService) + query-service (QueryService, /v1/candles)
//
// Every service is the same class its own command runs; only the adapters
// differ. startEngine() brings the parts up (the database opening since the
// process began) and returns as soon as everything serves. A replay resumes
// where the saved state ends (durability/resume-point.ts).
import type { ConnectRouter } from '@connectrpc/connect';
import { InProcessBus } from '../../common/bus/index.js';
import type { ReadinessCheck, RequestHandler, ServiceHttpServer } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { createRetryMetrics } from '../../common/retry/index.js';
import { createRpcHandler, grpcFastPath } from '../../common/rpc/index.js';
import { PgliteCandleStore } from '../../common/store/index.js';
import { AnalyticsApi } from '../analytics-api/analytics-api.js';
import { BinanceRestClient } from '../collector/binance/rest-client.js';
import { buildCollectorSettings, REST_RETRY } from '../collector/build-settings.js';
import { Collector } from '../collector/collector.js';
import { wsSocketOpener } from '../collector/feed/ws-socket.js';
import { createCollectorMetrics } from '../collector/metrics.js';
import { buildPreprocessorSettings } from '../preprocessor/build-settings.js';
import { createSnapshotEngine } from '../preprocessor/engine-port/candle-engine-factory.js';
import { createPreprocessorMetrics } from '../preprocessor/metrics.js';
import { Preprocessor } from '../preprocessor/preprocessor.js';
import { QueryApi } from '../query-service/query-api.js';
import type { EmbeddedDatabase } from './database/embedded-database.js';
import { CheckpointTable } from './durability/checkpoint-table.js';
import { DurableBarStore } from './durability/durable-bar-store.js';
import { resumeTime } from './durability/resume-point.js';
import { TradeTail } from './durability/trade-tail.js';
import { analyticsConfig, collectorConfig, EMBEDDED_PARTITIONS, preprocessorConfig, queryConfig } from './service-configs.js';
import { DEFAULT_LIVE_SYMBOLS, type StartConfig } from './settings.js';
import { loadStaticPage } from './static-page.js';
import { openTradeSource, probeBinance, type TradeSource } from './trade-source.js';

const ANALYTICS_GROUP = 'wick-start-analytics';
const TRADE_TAIL_GROUP = 'wick-start-trade-tail';
const SOURCE_POLL_MS = 50;

export interface EngineParts {
  store?: PgliteCandleStore;
  bus?: InProcessBus;
  tail?: TradeTail;
  barStore?: DurableBarStore;
  preprocessor?: Preprocessor;
  api?: AnalyticsApi;
  collector?: Collector;
  source?: TradeSource;
}

export interface EngineContext {
  readonly config: StartConfig;
  readonly http: ServiceHttpServer;
  readonly registry: Registry;
  readonly logger: Logger;
  /** The embedded database, opening since the process began (the slowest part; main.ts owns and closes it). */
  readonly database: Promise<EmbeddedDatabase>;
  /** Aborts when shutdown begins. */
  readonly signal: AbortSignal;
}

/** Brings every part up into `parts` (so shutdown closes whatever started) and mounts the APIs on the server. */
export async function startEngine(context: EngineContext, parts: EngineParts): Promise<void> {
  const { config, http, registry, logger } = context;
  // The page first, while the database opens: a browser opened during start-up gets it and waits for the API.
  const pageLoading = loadStaticPage(logger).then((page) => {
    http.setFallback(page);
    return page;
  });
  pageLoading.catch(() => undefined);
  const database = await context.database;
  const preprocessing = preprocessorConfig(config);
  const settings = buildPreprocessorSettings(preprocessing);
  const bus = (parts.bus = new InProcessBus({ logger: logger.child({ component: 'bus' }) }));
  parts.tail = new TradeTail(bus, settings.tradesTopic, TRADE_TAIL_GROUP);
  const table = await CheckpointTable.open(database);
  parts.barStore = new DurableBarStore({ table, tail: parts.tail, topic: settings.tradesTopic, partitions: EMBEDDED_PARTITIONS, logger });
  const saved = await parts.barStore.saved();
  // Settled, not raced: a part that opens after another failed must still be in `parts` for shutdown to close it.
  const [page, source] = settled(await Promise.allSettled([
    pageLoading,
    openTradeSource(config.source, { speed: config.replaySpeed, resumeAt: resumeTime(saved) }, logger).then((opened) => (parts.source = opened)),
  ] as const));
  if (config.source.kind === 'url') void probeBinance(source.restUrl, logger);

  // The store shares the database; this process closes it after the store.
  parts.store = await PgliteCandleStore.open({ database: { ...database, close: async () => undefined }, logger: logger.child({ component: 'store' }), registry });
  await bus.createTopics([settings.tradesTopic, settings.deadLetterTopic].map((topic) => ({ topic, partitions: EMBEDDED_PARTITIONS })));
  await parts.barStore.restore(bus, saved);
  await parts.tail.start();
  parts.preprocessor = new Preprocessor(settings, {
    bus, barStore: parts.barStore, store: parts.store, createEngine: createSnapshotEngine, now: Date.now,
    metrics: createPreprocessorMetrics(registry), retryMetrics: createRetryMetrics(registry), logger: logger.child({ component: 'preprocessor' }),
  });
  await parts.preprocessor.start();

  const analytics = analyticsConfig(config);
  parts.api = new AnalyticsApi({
    store: parts.store, bus, candlesTopic: settings.candlesTopic, groupId: ANALYTICS_GROUP, logger: logger.child({ component: 'analytics-api' }), registry,
    limits: { queueCapacity: analytics.streamQueue, maxLagMs: analytics.streamMaxLag, heartbeatMs: analytics.heartbeat, cutGraceMs: analytics.cutGrace },
    maxStreams: analytics.maxStreams, warmupMessages: analytics.warmup, latestSeries: analytics.latestSeries,
  });
  parts.api.start();
  const query = new QueryApi({ store: parts.store, limits: { maxRangeMs: queryConfig(config).maxRangeDays * 86_400_000 }, logger: logger.child({ component: 'query-service' }) });
  http.setFallback(apiHandler(parts.api, query, page, logger));

  const symbols = config.symbols ?? source.symbols ?? DEFAULT_LIVE_SYMBOLS;
  parts.collector = startCollector(context, bus, source, symbols);
  for (const [service, checks] of [['collector', parts.collector.readinessChecks()], ['preprocessor', parts.preprocessor.readinessChecks()], ['analytics-api', parts.api.readinessChecks()]] as const) {
    for (const check of checks) http.addReadinessCheck(named(service, check));
  }
  void beginReplayWhenListening(parts.collector, source, context.signal);
  logger.info({ symbols, intervals: config.intervals, restoredPartitions: saved.length, database: database.origin }, 'engine started');
}

function settled<T extends readonly unknown[]>(outcomes: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function startCollector(context: EngineContext, bus: InProcessBus, source: TradeSource, symbols: readonly string[]): Collector {
  const { config, registry, logger } = context;
  const collecting = collectorConfig(config, symbols);
  const metrics = createCollectorMetrics(registry);
  const rest = new BinanceRestClient({
    baseUrl: source.restUrl, timeoutMs: collecting.restTimeout, weightBudget: collecting.restWeightBudget, retry: REST_RETRY,
    logger: logger.child({ component: 'rest' }), retryMetrics: createRetryMetrics(registry), metrics,
  });
  // A short close handshake: Ctrl-C must not wait on a slow exchange.
  const openSocket = wsSocketOpener({ handshakeTimeoutMs: collecting.liveTimeout, closeTimeoutMs: 500 });
  const collector = new Collector(buildCollectorSettings(collecting, symbols, source.wsUrl), { bus, rest, openSocket, metrics, logger: logger.child({ component: 'collector' }) });
  collector.start();
  return collector;
}

/** Connect, gRPC and gRPC-Web for both services; /v1/... is the query service's plain HTTP; the rest is the page. */
function apiHandler(api: AnalyticsApi, query: QueryApi, page: RequestHandler, logger: Logger): RequestHandler {
  const rpcLogger = logger.child({ component: 'rpc' });
  const routes = (router: ConnectRouter) => {
    api.routes(router);
    query.routes(router);
  };
  const fallback: RequestHandler = (request, response) => {
    if ((request.url ?? '/').startsWith('/v1/')) return query.http(request, response);
    return page(request, response);
  };
  return grpcFastPath(api.grpcRoutes, { logger: rpcLogger }, createRpcHandler({ routes, logger: rpcLogger, fallback }));
}

/** Readiness names are unique per server: several services check "kafka" (here the in-process bus). */
function named(service: string, check: ReadinessCheck): ReadinessCheck {
  return { name: `${service}/${check.name}`, check: (signal) => check.check(signal) };
}

/** A replay begins once the collector's streams are live, so none of its trades goes unseen. */
async function beginReplayWhenListening(collector: Collector, source: TradeSource, signal: AbortSignal): Promise<void> {
  const [streams] = collector.readinessChecks();
  while (!signal.aborted && streams !== undefined) {
    try {
      await streams.check(signal);
      source.begin();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, SOURCE_POLL_MS));
    }
  }
}
