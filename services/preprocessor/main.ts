// `wick preprocessor`: wiring only. Reads the configuration, starts
// telemetry, metrics and the health server, opens Kafka, Redis and the
// candle store, and runs the Preprocessor until SIGTERM/SIGINT, then shuts
// down in phases: readiness off; leave the group (each partition's batch in
// flight finishes, its emissions are acknowledged, a last checkpoint goes to
// Redis and its offset to Kafka); close. Exit codes: 0 clean shutdown, 1 a
// failure, 2 a bad command line.
import { RedisBarStore } from '../../common/barstore/index.js';
import { KafkaBus } from '../../common/bus/index.js';
import { runCommand } from '../../common/config/index.js';
import { startHttpServer } from '../../common/http/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { createRetryMetrics } from '../../common/retry/index.js';
import { ShutdownCoordinator } from '../../common/shutdown/index.js';
import { PgCandleStore } from '../../common/store/index.js';
import { startTelemetry } from '../../common/telemetry/index.js';
import { buildPreprocessorSettings } from './build-settings.js';
import { createSnapshotEngine } from './engine-port/candle-engine-factory.js';
import { createPreprocessorMetrics } from './metrics.js';
import { Preprocessor } from './preprocessor.js';
import { preprocessorDoc, preprocessorSettings, type PreprocessorConfig } from './settings.js';

export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runCommand({ name: 'preprocessor', doc: preprocessorDoc, spec: preprocessorSettings }, args, env, (config) =>
    run(config, createLogger({ service: config.serviceName, level: config.logLevel })),
  );
}

async function run(config: PreprocessorConfig, logger: Logger): Promise<number> {
  // The bus's own sampling-aware spans trace the trades; the kafkajs
  // instrumentation would add a span object per message at 100k messages/s.
  const telemetry = await startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint, logger, instrumentKafka: false });
  const shutdown = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  const registry = createMetricsRegistry({ service: config.serviceName });
  const http = await startHttpServer({ host: config.httpHost, port: config.httpPort, registry, logger });
  const parts: { bus?: KafkaBus; barStore?: RedisBarStore; store?: PgCandleStore; preprocessor?: Preprocessor } = {};
  shutdown.register({ phase: 'stop-intake', name: 'readiness off', run: () => http.setDraining() });
  shutdown.register({ phase: 'commit', name: 'leave the group with a last checkpoint', run: () => parts.preprocessor?.stop() });
  shutdown.register({ phase: 'close', name: 'kafka bus', run: () => parts.bus?.close() });
  shutdown.register({ phase: 'close', name: 'redis', run: () => parts.barStore?.close() });
  shutdown.register({ phase: 'close', name: 'candle store', run: () => parts.store?.close() });
  shutdown.register({ phase: 'close', name: 'http server', run: () => http.close() });
  shutdown.register({ phase: 'close', name: 'telemetry', run: () => telemetry.shutdown() });
  shutdown.listen();

  try {
    const session = config.kafkaSessionTimeout;
    parts.bus = new KafkaBus({
      brokers: config.kafkaBrokers,
      clientId: config.serviceName,
      logger: logger.child({ component: 'kafka' }),
      sessionTimeoutMs: session,
      heartbeatIntervalMs: Math.max(500, Math.floor(session / 6)),
      // Long enough for every member's last checkpoint in onRevoked.
      rebalanceTimeoutMs: Math.max(10_000, 2 * session),
      // A fetch with data returns at once; this bounds how late an idle member notices a rebalance.
      maxWaitTimeMs: 100,
    });
    parts.barStore = RedisBarStore.open({ url: config.redisUrl, onError: (error) => logger.warn({ err: error }, 'redis connection error') });
    parts.store = await PgCandleStore.open({
      databaseUrl: config.databaseUrl,
      schema: config.databaseSchema,
      migrations: config.storeMigrations,
      logger: logger.child({ component: 'store' }),
      registry,
    });
    parts.preprocessor = new Preprocessor(buildPreprocessorSettings(config), {
      bus: parts.bus,
      barStore: parts.barStore,
      store: parts.store,
      createEngine: createSnapshotEngine,
      now: Date.now,
      metrics: createPreprocessorMetrics(registry),
      retryMetrics: createRetryMetrics(registry),
      logger,
    });
    for (const check of parts.preprocessor.readinessChecks()) http.addReadinessCheck(check);
    await parts.preprocessor.start();
    logger.info({ port: http.port, intervals: config.intervals }, 'preprocessor running');
  } catch (error) {
    if (shutdown.signal.aborted) return shutdown.finished;
    logger.error({ err: error }, 'the preprocessor could not start');
    await shutdown.shutdown('start-up failed');
    return 1;
  }
  return shutdown.finished;
}
