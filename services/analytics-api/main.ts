// `wick analytics-api`: wiring only. Reads the configuration, starts
// telemetry, metrics and the ops server (/metrics, /healthz, /readyz), opens
// the candle store and the Kafka bus, and serves CandleService on --api-port
// until SIGTERM/SIGINT, then shuts down in phases: readiness off, streams
// ended (UNAVAILABLE, after what they have queued), servers and connections
// closed. Exit codes: 0 clean shutdown, 1 a failure, 2 a bad command line.
import { KafkaBus } from '../../common/bus/index.js';
import { runCommand } from '../../common/config/index.js';
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { openConfiguredStore } from '../../common/rpc/index.js';
import { ShutdownCoordinator } from '../../common/shutdown/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { startTelemetry } from '../../common/telemetry/index.js';
import { AnalyticsApi, instanceGroupId } from './analytics-api.js';
import { startApiServer } from './server.js';
import { analyticsDoc, analyticsSettings, CANDLES_TOPIC, type AnalyticsConfig } from './settings.js';

export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runCommand({ name: 'analytics-api', doc: analyticsDoc, spec: analyticsSettings }, args, env, (config) =>
    run(config, createLogger({ service: config.serviceName, level: config.logLevel })),
  );
}

async function run(config: AnalyticsConfig, logger: Logger): Promise<number> {
  // Before the Kafka bus exists: the kafkajs instrumentation must see it load.
  const telemetry = await startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint, logger });
  const shutdown = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  const registry = createMetricsRegistry({ service: config.serviceName });
  const ops = await startHttpServer({ host: config.httpHost, port: config.httpPort, registry, logger });
  const parts: { store?: CandleStore; bus?: KafkaBus; api?: AnalyticsApi; server?: ServiceHttpServer } = {};
  shutdown.register({ phase: 'stop-intake', name: 'readiness off', run: () => { ops.setDraining(); parts.server?.setDraining(); } });
  // Half the bound at most: a client that reads nothing cannot take its end, and the servers
  // still close after it (cutting such a stream); giving up on it is no failure.
  const streamsBoundMs = Math.floor(config.shutdownTimeout / 2);
  shutdown.register({
    phase: 'drain', name: 'end streams', timeoutMs: streamsBoundMs,
    run: (signal) => parts.api?.endStreams(AbortSignal.any([signal, AbortSignal.timeout(Math.max(50, streamsBoundMs - 250))])),
  });
  shutdown.register({ phase: 'close', name: 'api server', run: () => parts.server?.close(2_000) });
  shutdown.register({ phase: 'close', name: 'candle feed', run: () => parts.api?.stopFeed() });
  shutdown.register({ phase: 'close', name: 'kafka bus', run: () => parts.bus?.close() });
  shutdown.register({ phase: 'close', name: 'candle store', run: () => parts.store?.close() });
  shutdown.register({ phase: 'close', name: 'ops server', run: () => ops.close() });
  shutdown.register({ phase: 'close', name: 'telemetry', run: () => telemetry.shutdown() });
  shutdown.listen();

  try {
    parts.store = await openConfiguredStore(config, 'analytics-api', logger.child({ component: 'store' }), registry);
    parts.bus = new KafkaBus({ brokers: config.kafkaBrokers, clientId: config.serviceName, logger: logger.child({ component: 'kafka' }) });
    parts.api = new AnalyticsApi({
      store: parts.store,
      bus: parts.bus,
      candlesTopic: `${config.topicPrefix}${CANDLES_TOPIC}`,
      // Its own group: every instance reads every partition.
      groupId: instanceGroupId(config.serviceName),
      logger,
      registry,
      limits: { queueCapacity: config.streamQueue, maxLagMs: config.streamMaxLag, heartbeatMs: config.heartbeat, cutGraceMs: config.cutGrace },
      maxStreams: config.maxStreams,
      warmupMessages: config.warmup,
      latestSeries: config.latestSeries,
    });
    for (const check of parts.api.readinessChecks()) ops.addReadinessCheck(check);
    parts.api.start();
    parts.server = await startApiServer({ api: parts.api, host: config.httpHost, port: config.apiPort, registry, logger });
    logger.info({ url: parts.server.url, ops: ops.url }, 'CandleService listening (Connect, gRPC, gRPC-Web)');
  } catch (error) {
    if (shutdown.signal.aborted) return shutdown.finished;
    logger.error({ err: error }, 'the analytics API could not start');
    await shutdown.shutdown('start-up failed');
    return 1;
  }
  return shutdown.finished;
}
