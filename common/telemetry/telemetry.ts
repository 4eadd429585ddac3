// OpenTelemetry start-up for a wick process: W3C trace context, kafkajs
// instrumentation so a trace follows a message through Kafka, and an OTLP
// exporter only when an endpoint is configured.
//
// ESM caveat: instrumentations patch modules through require-in-the-middle,
// which only sees modules loaded with `require`. An `import ... from
// 'kafkajs'` is never patched. The Kafka bus adapter therefore loads kafkajs
// with `createRequire(import.meta.url)('kafkajs')`, and only after
// startTelemetry() has resolved; a process must start telemetry first.
import { diag, DiagLogLevel, trace, context, propagation, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { core, NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';

export interface TelemetryOptions {
  /** service.name of every span (OTEL_SERVICE_NAME). */
  readonly serviceName: string;
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); traces go to `<endpoint>/v1/traces`. No export when absent. */
  readonly otlpEndpoint?: string;
  /** More processors, e.g. SimpleSpanProcessor(InMemorySpanExporter) in tests. */
  readonly extraSpanProcessors?: readonly SpanProcessor[];
  /** Patch kafkajs (loaded through require) so produce and consume spans join one trace. Default true. */
  readonly instrumentKafka?: boolean;
  /** Receives OpenTelemetry's own warnings (an unreachable collector, dropped spans). */
  readonly logger?: Logger;
}

export interface Telemetry {
  /** True when spans leave the process through OTLP. */
  readonly exporting: boolean;
  /** Flushes pending spans, stops the instrumentation and releases the global providers. */
  shutdown(): Promise<void>;
}

let running = false;

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  // The API's providers are process globals: a second SDK would be ignored silently.
  if (running) throw new Error('telemetry is already started in this process');
  running = true;
  if (options.logger !== undefined) diag.setLogger(diagToLogger(options.logger), DiagLogLevel.WARN);
  const instrumentations = options.instrumentKafka === false ? [] : [new KafkaJsInstrumentation()];
  const processors = spanProcessors(options);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    textMapPropagator: new core.W3CTraceContextPropagator(),
    spanProcessors: processors,
    instrumentations,
    // Metrics are Prometheus (common/metrics) and logs are pino on stdout;
    // empty lists keep the SDK from defaulting to OTLP exporters for them.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    exporting: options.otlpEndpoint !== undefined,
    shutdown: async () => {
      try {
        await sdk.shutdown();
      } finally {
        for (const instrumentation of instrumentations) instrumentation.disable();
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
        running = false;
      }
    },
  };
}

function spanProcessors(options: TelemetryOptions): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint !== undefined) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint) })));
  }
  processors.push(...(options.extraSpanProcessors ?? []));
  // Without any processor the SDK registers no tracer provider, and then no
  // trace id is ever created: logs would lose their trace_id and Kafka
  // headers their traceparent. A no-op processor keeps ids without export.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  return processors;
}

/** The OTLP base endpoint plus the traces path, as OTEL_EXPORTER_OTLP_ENDPOINT is specified. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

function diagToLogger(logger: Logger): DiagLogger {
  const child = logger.child({ component: 'opentelemetry' });
  return {
    error: (message, ...args) => child.error({ args }, message),
    warn: (message, ...args) => child.warn({ args }, message),
    info: (message, ...args) => child.info({ args }, message),
    debug: (message, ...args) => child.debug({ args }, message),
    verbose: (message, ...args) => child.trace({ args }, message),
  };
}
