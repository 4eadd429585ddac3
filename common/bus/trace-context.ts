// Trace propagation through the bus, the same for Kafka and in-process.
//
// Produce: the active context is written into the message headers with the
// globally registered propagator (W3C traceparent/tracestate once telemetry
// has started; nothing at all before), unless the message already carries a
// traceparent (the kafkajs instrumentation, when enabled, overwrites it with
// its own per-message `send` span, a child of the same context).
//
// Consume: for each message whose traceparent is *sampled*, the bus starts a
// CONSUMER span `process <topic>` whose parent is the producer's context, so
// the trace continues across the bus, and ends it when the batch handler
// settles. Unsampled and untraced messages cost one header lookup: at 100k
// messages per second nothing else is affordable. messageContext() hands a
// handler the context of any message, to log trace ids or to parent its own
// work (for example the candle update a trade produced).

import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { BusMessage, Headers, MessageBatch } from './bus.js';

const TRACEPARENT = 'traceparent';
/** `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>` */
const TRACEPARENT_V0_LENGTH = 55;

const processContexts = new WeakMap<BusMessage, Context>();

/** Headers carrying the active trace context, or undefined when no span is active. */
export function activeTraceHeaders(): Record<string, string> | undefined {
  const active = context.active();
  if (trace.getSpanContext(active) === undefined) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** A message's headers with the trace headers added, unless it carries its own trace context. */
export function withTraceHeaders(headers: Headers | undefined, traceHeaders: Headers | undefined): Headers | undefined {
  if (traceHeaders === undefined || (headers !== undefined && TRACEPARENT in headers)) return headers;
  return headers === undefined ? traceHeaders : { ...headers, ...traceHeaders };
}

/**
 * The trace context of a delivered message: the bus's `process` span for a
 * sampled message, otherwise the context extracted from its headers (the root
 * context when it has none).
 */
export function messageContext(message: BusMessage): Context {
  return processContexts.get(message) ?? propagation.extract(ROOT_CONTEXT, message.headers);
}

/** Runs a batch handler with a `process` span per sampled message, parented by its producer. */
export async function deliverTraced(
  tracer: Tracer,
  system: string,
  batch: MessageBatch,
  handler: (batch: MessageBatch) => Promise<void>,
): Promise<void> {
  const traced = startSampledSpans(tracer, system, batch);
  if (traced === undefined) return handler(batch);
  try {
    await handler(traced.batch);
  } catch (error) {
    for (const span of traced.spans) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    }
    throw error;
  } finally {
    for (const span of traced.spans) span.end();
  }
}

/**
 * Starts the spans of the sampled messages. Those messages are handed over as
 * copies, each bound to its own span: the in-process bus delivers one message
 * object to every group, and each group's handler must see its own span.
 */
function startSampledSpans(tracer: Tracer, system: string, batch: MessageBatch): { spans: Span[]; batch: MessageBatch } | undefined {
  let spans: Span[] | undefined;
  let messages: BusMessage[] | undefined;
  batch.messages.forEach((message, index) => {
    const traceparent = message.headers[TRACEPARENT];
    if (traceparent === undefined || !mayBeSampled(traceparent)) return;
    const parent = propagation.extract(ROOT_CONTEXT, message.headers);
    const parentSpan = trace.getSpanContext(parent);
    if (parentSpan === undefined || (parentSpan.traceFlags & TraceFlags.SAMPLED) === 0) return;
    const span = tracer.startSpan(
      `process ${batch.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': system,
          'messaging.operation.type': 'process',
          'messaging.destination.name': batch.topic,
          'messaging.destination.partition.id': String(batch.partition),
          'messaging.kafka.offset': Number(message.offset),
          'messaging.kafka.message.key': message.key,
          'messaging.batch.message_count': batch.messages.length,
        },
      },
      parent,
    );
    const own = { ...message };
    processContexts.set(own, trace.setSpan(parent, span));
    (messages ??= [...batch.messages])[index] = own;
    (spans ??= []).push(span);
  });
  return spans === undefined || messages === undefined ? undefined : { spans, batch: { ...batch, messages } };
}

/**
 * Reads the sampled flag of a version-00 traceparent without parsing the
 * whole header, so unsampled traffic skips extraction; other versions are
 * left to the propagator.
 */
function mayBeSampled(traceparent: string): boolean {
  if (traceparent.length !== TRACEPARENT_V0_LENGTH || !traceparent.startsWith('00-')) return true;
  return (Number.parseInt(traceparent.slice(TRACEPARENT_V0_LENGTH - 1), 16) & TraceFlags.SAMPLED) !== 0;
}
