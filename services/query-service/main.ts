// `wick query-service`: wiring only. Reads the configuration, starts
// telemetry, metrics and the ops server (/metrics, /healthz, /readyz), opens
// the candle store, and serves QueryService and GET /v1/candles on
// --api-port until SIGTERM/SIGINT, then shuts down: readiness off, requests
// in flight (exports too) get the shutdown bound to finish, store closed.
// Exit codes: 0 clean shutdown, 1 a failure, 2 a bad command line.
import { runCommand } from '../../common/config/index.js';
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import { openConfiguredStore } from '../../common/rpc/index.js';
import { ShutdownCoordinator } from '../../common/shutdown/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { startTelemetry } from '../../common/telemetry/index.js';
import { QueryApi } from './query-api.js';
import { startQueryServer } from './server.js';
import { queryDoc, querySettings, type QueryConfig } from './settings.js';

export async function main(args: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runCommand({ name: 'query-service', doc: queryDoc, spec: querySettings }, args, env, (config) =>
    run(config, createLogger({ service: config.serviceName, level: config.logLevel })),
  );
}

async function run(config: QueryConfig, logger: Logger): Promise<number> {
  const telemetry = await startTelemetry({ serviceName: config.serviceName, otlpEndpoint: config.otlpEndpoint, logger, instrumentKafka: false });
  const shutdown = new ShutdownCoordinator({ timeoutMs: config.shutdownTimeout, logger, exit: () => undefined });
  const registry = createMetricsRegistry({ service: config.serviceName });
  const ops = await startHttpServer({ host: config.httpHost, port: config.httpPort, registry, logger });
  const parts: { store?: CandleStore; server?: ServiceHttpServer } = {};
  shutdown.register({ phase: 'stop-intake', name: 'readiness off', run: () => { ops.setDraining(); parts.server?.setDraining(); } });
  // Requests in flight (long exports too) get most of the shutdown bound to finish.
  shutdown.register({ phase: 'drain', name: 'api server', run: () => parts.server?.close(Math.max(1_000, config.shutdownTimeout - 2_000)) });
  shutdown.register({ phase: 'close', name: 'candle store', run: () => parts.store?.close() });
  shutdown.register({ phase: 'close', name: 'ops server', run: () => ops.close() });
  shutdown.register({ phase: 'close', name: 'telemetry', run: () => telemetry.shutdown() });
  shutdown.listen();

  try {
    parts.store = await openConfiguredStore(config, 'query-service', logger.child({ component: 'store' }), registry);
    const api = new QueryApi({ store: parts.store, limits: { maxRangeMs: config.maxRangeDays * 86_400_000 }, logger, registry });
    for (const check of api.readinessChecks()) ops.addReadinessCheck(check);
    parts.server = await startQueryServer({ api, host: config.httpHost, port: config.apiPort, registry, logger });
    logger.info({ url: parts.server.url, ops: ops.url }, 'QueryService and /v1/candles listening');
  } catch (error) {
    if (shutdown.signal.aborted) return shutdown.finished;
    logger.error({ err: error }, 'the query service could not start');
    await shutdown.shutdown('start-up failed');
    return 1;
  }
  return shutdown.finished;
}
