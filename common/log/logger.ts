// JSON logs on stdout, one object per line, each carrying the service name
// and the trace and span id of the active OpenTelemetry span, so a log line
// found in a search leads to its trace and a trace to its log lines.
import { hostname } from 'node:os';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { pino, stdTimeFunctions, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger } from 'pino';
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  /** The `service` field of every line (OTEL_SERVICE_NAME). */
  readonly service: string;
  /** Lowest level written (LOG_LEVEL); resolved by the caller's configuration. */
  readonly level: LogLevel;
  /** Where lines go; stdout when absent. Tests pass a stream to capture them. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    base: { service: options.service, pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    // Level names instead of pino's numbers: `"level":"warn"` is what people grep for.
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: activeTraceFields,
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** trace_id, span_id and trace_flags of the span active where the line is logged; nothing outside a span. */
export function activeTraceFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

/** A logger that writes nothing, for code under test that requires one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
