// Settings several services share, declared once under their conventional
// names (KAFKA_BROKERS, REDIS_URL, OTEL_*, LOG_LEVEL) or wick's own WICK_*
// names. A service spreads the ones it needs into its spec:
//   const spec = { kafkaBrokers, redisUrl, ...runtimeSettings({ service: 'collector', httpPort: 9101 }) };
// The defaults point at a developer machine (everything on 127.0.0.1).
import { duration, hostPort, list, oneOf, port, str, url } from './parsers.js';
import { setting } from './setting.js';

export const kafkaBrokers = setting({
  flag: 'kafka-brokers',
  env: 'KAFKA_BROKERS',
  description: 'Kafka bootstrap brokers, comma-separated.',
  parser: list(hostPort()),
  default: Object.freeze(['127.0.0.1:9092']),
});

export const redisUrl = setting({
  flag: 'redis-url',
  env: 'REDIS_URL',
  description: 'Redis connection URL.',
  parser: url({ protocols: ['redis', 'rediss'] }),
  default: 'redis://127.0.0.1:6379',
});

export const databaseUrl = setting({
  flag: 'database-url',
  env: 'DATABASE_URL',
  description: 'PostgreSQL/TimescaleDB connection URL.',
  parser: url({ protocols: ['postgres', 'postgresql'] }),
  default: 'postgres://postgres@127.0.0.1:5432/wick',
});

/** Optional: without it no trace leaves the process (trace ids still reach the logs). */
export const otlpEndpoint = setting({
  flag: 'otlp-endpoint',
  env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  description: 'OpenTelemetry collector base URL (OTLP over HTTP, e.g. http://otel-collector:4318); traces are exported only when set.',
  parser: url({ protocols: ['http', 'https'] }),
});

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevel = setting({
  flag: 'log-level',
  env: 'LOG_LEVEL',
  description: 'Lowest level of log line written to stdout.',
  parser: oneOf(LOG_LEVELS),
  default: 'info',
});

export const httpHost = setting({
  flag: 'http-host',
  env: 'WICK_HTTP_HOST',
  description: 'Address the metrics and health server binds.',
  parser: str({ hint: 'host' }),
  default: '0.0.0.0',
});

export const shutdownTimeout = setting({
  flag: 'shutdown-timeout',
  env: 'WICK_SHUTDOWN_TIMEOUT',
  description: 'Upper bound on a graceful shutdown after SIGTERM/SIGINT; past it the process exits non-zero.',
  parser: duration({ minMs: 100, maxMs: 600_000 }),
  default: 10_000,
});

export function serviceName(defaultName: string) {
  return setting({
    flag: 'service-name',
    env: 'OTEL_SERVICE_NAME',
    description: 'Service name on logs, metrics and traces.',
    parser: str(),
    default: defaultName,
  });
}

export function httpPort(defaultPort: number) {
  return setting({
    flag: 'http-port',
    env: 'WICK_HTTP_PORT',
    description: 'Port of the /metrics, /healthz and /readyz server (0 picks a free port).',
    parser: port(),
    default: defaultPort,
  });
}

/** The settings every long-running service has: identity, logs, telemetry, health server, shutdown. */
export function runtimeSettings(options: { readonly service: string; readonly httpPort: number }) {
  return {
    serviceName: serviceName(options.service),
    logLevel,
    otlpEndpoint,
    httpHost,
    httpPort: httpPort(options.httpPort),
    shutdownTimeout,
  } as const;
}
