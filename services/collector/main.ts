// `wick collector`: wiring only. Reads the configuration, starts telemetry,
// metrics and the health server, resolves the source and the symbols, and
// runs the collector until SIGTERM/SIGINT, then shuts down in phases: stop
// intake, drain the producer, close. Exit codes: 0 clean shutdown, 1 a
// failure, 2 a bad command line.
import { KafkaBus } from '../../common/bus/index.js';
import { runCommand } from '../../common/config/index.js';
import { startHttpServer } from '../../common/http/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { createRetryMetrics } from '../../common/retry/index.js';
import { ShutdownCoordinator } from '../../common/shutdown/index.js';
import { startTelemetry } from '../../common/telemetry/index.js';
import { BinanceRestClient } from './binance/rest-client.js';
import { resolveSymbols } from './binance/symbols.js';
import { buildCollectorSettings, collectorBusOptions, REST_RETRY, symbolSelection } from './build-settings.js';
import { Collector } from './collector.js';
import { wsSocketOpener } from './feed/ws-socket.js';
import { createCollectorMetrics } from './metrics.js';
import { collectorDoc, collectorSettings, type CollectorConfig } from './settings.js';
import { openSource, type ResolvedSource } from './source.js';

export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runCommand({ name: 'collector', doc: collectorDoc, spec: collectorSettings }, args, env, (config) =>
    run(config, createLogger({ service: config.serviceName, level: config.logLevel })),
  );
}

async function run(config: CollectorConfig, logger: Logger): Promise<number> {
  // No kafkajs instrumentation: its span and trace header per message doubled
  // the Kafka client's CPU per trade (~10 to ~21 us, npm run bench -- collector's
  // producer floor with and without it) and would hand a tracing backend a span
  // per trade; trades carry a trace context only when published inside one (the
  // bus's own headers), as in the preprocessor.
  const telemetry = await startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint, logger, instrumentKafka: false });
  const shutdown = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  const registry = createMetricsRegistry({ service: config.serviceName });
  const metrics = createCollectorMetrics(registry);
  const http = await startHttpServer({ host: config.httpHost, port: config.httpPort, registry, logger });
  // Parts come up one by one; every step is registered now, in shutdown order.
  const parts: { source?: ResolvedSource; bus?: KafkaBus; collector?: Collector } = {};
  shutdown.register({ phase: 'stop-intake', name: 'readiness off', run: () => http.setDraining() });
  shutdown.register({ phase: 'stop-intake', name: 'collector intake', run: () => parts.collector?.stopIntake() });
  shutdown.register({ phase: 'drain', name: 'producer flush', run: () => parts.collector?.drain() });
  shutdown.register({ phase: 'close', name: 'collector', run: () => parts.collector?.close() });
  shutdown.register({ phase: 'close', name: 'kafka bus', run: () => parts.bus?.close() });
  shutdown.register({ phase: 'close', name: 'source', run: () => parts.source?.close() });
  shutdown.register({ phase: 'close', name: 'http server', run: () => http.close() });
  shutdown.register({ phase: 'close', name: 'telemetry', run: () => telemetry.shutdown() });
  shutdown.listen();

  try {
    parts.source = await openSource(config.source, config.restUrl, logger);
    const rest = new BinanceRestClient({
      baseUrl: parts.source.restUrl,
      timeoutMs: config.restTimeout,
      weightBudget: config.restWeightBudget,
      retry: REST_RETRY,
      logger: logger.child({ component: 'rest' }),
      retryMetrics: createRetryMetrics(registry),
      metrics,
    });
    const symbols = await resolveSymbols(symbolSelection(config), rest, shutdown.signal);
    parts.bus = new KafkaBus(collectorBusOptions(config, logger.child({ component: 'kafka' })));
    const openSocket = wsSocketOpener({ handshakeTimeoutMs: config.liveTimeout, closeTimeoutMs: 2_000 });
    parts.collector = new Collector(buildCollectorSettings(config, symbols, parts.source.wsUrl), { bus: parts.bus, rest, openSocket, metrics, logger });
    for (const check of parts.collector.readinessChecks()) http.addReadinessCheck(check);
    parts.collector.start();
  } catch (error) {
    if (shutdown.signal.aborted) return shutdown.finished;
    logger.error({ err: error }, 'the collector could not start');
    await shutdown.shutdown('start-up failed');
    return 1;
  }
  return shutdown.finished;
}
