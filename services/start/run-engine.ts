// Runs `wick start` until Ctrl-C or SIGTERM: telemetry, metrics and the one
// HTTP server (it answers /healthz at once, and /readyz honestly: 503 until
// every part serves), the engine (embedded-engine.ts), and the shutdown in
// phases: readiness off and intake stopped; streams ended; the
// preprocessor's last checkpoint saved to the embedded database; then
// everything closed.
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { ShutdownCoordinator } from '../../common/shutdown/index.js';
import { startTelemetry } from '../../common/telemetry/index.js';
import type { EmbeddedDatabase } from './database/embedded-database.js';
import { startEngine, type EngineParts } from './embedded-engine.js';
import type { StartConfig } from './settings.js';

/** Streams get this long to end before the server cuts what is left. */
const STREAMS_BOUND_MS = 300;

export async function runEngine(config: StartConfig, logger: Logger, database: Promise<EmbeddedDatabase>): Promise<number> {
  const telemetry = await startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint, logger, instrumentKafka: false });
  const shutdown = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  const registry = createMetricsRegistry({ service: config.serviceName });
  let http: ServiceHttpServer;
  try {
    http = await startHttpServer({ host: config.host, port: config.port, registry, logger, h2c: true });
  } catch (error) {
    logger.error({ err: error }, `wick cannot listen on ${config.host}:${config.port}; pick another with --port`);
    await telemetry.shutdown();
    await (await database.catch(() => undefined))?.close();
    return 1;
  }
  const state = { started: false };
  // Readiness stays honest while the parts come up: the page may be served already, the API not.
  http.addReadinessCheck({ name: 'engine', check: async () => {
    if (!state.started) throw new Error('starting');
  } });
  const parts: EngineParts = {};
  registerShutdown(shutdown, http, parts, database, () => telemetry.shutdown());
  shutdown.listen();

  try {
    await startEngine({ config, http, registry, logger, database, signal: shutdown.signal }, parts);
    state.started = true;
    logger.info({ url: http.url, startupMs: Math.round(performance.now()) }, `wick is running: open ${http.url} (Ctrl-C stops it)`);
  } catch (error) {
    if (shutdown.signal.aborted) return shutdown.finished;
    logger.error({ err: error }, 'wick could not start');
    await shutdown.shutdown('start-up failed');
    return 1;
  }
  return shutdown.finished;
}

function registerShutdown(
  shutdown: ShutdownCoordinator, http: ServiceHttpServer, parts: EngineParts, database: Promise<EmbeddedDatabase>, closeTelemetry: () => Promise<void>,
): void {
  shutdown.register({ phase: 'stop-intake', name: 'readiness off', run: () => http.setDraining() });
  shutdown.register({ phase: 'stop-intake', name: 'collector intake', run: () => parts.collector?.stopIntake() });
  shutdown.register({ phase: 'drain', name: 'collector flush', run: () => parts.collector?.drain() });
  shutdown.register({
    phase: 'drain', name: 'end streams', timeoutMs: STREAMS_BOUND_MS + 200,
    run: (signal) => parts.api?.endStreams(AbortSignal.any([signal, AbortSignal.timeout(STREAMS_BOUND_MS)])),
  });
  shutdown.register({ phase: 'commit', name: 'preprocessor: last checkpoint', run: () => parts.preprocessor?.stop() });
  shutdown.register({ phase: 'close', name: 'http server', run: () => http.close(200) });
  shutdown.register({ phase: 'close', name: 'trade tail', run: () => parts.tail?.stop() });
  shutdown.register({ phase: 'close', name: 'candle feed', run: () => parts.api?.stopFeed() });
  shutdown.register({ phase: 'close', name: 'collector', run: () => parts.collector?.close() });
  shutdown.register({ phase: 'close', name: 'bus', run: () => parts.bus?.close() });
  shutdown.register({ phase: 'close', name: 'source', run: () => parts.source?.close() });
  shutdown.register({ phase: 'close', name: 'bar store', run: () => parts.barStore?.close() });
  shutdown.register({ phase: 'close', name: 'candle store', run: () => parts.store?.close() });
  shutdown.register({ phase: 'close', name: 'embedded database', run: async () => (await database.catch(() => undefined))?.close() });
  shutdown.register({ phase: 'close', name: 'telemetry', run: closeTelemetry });
}
