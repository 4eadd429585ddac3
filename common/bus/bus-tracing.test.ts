import { context, SpanKind, SpanStatusCode, trace, type SpanContext } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../telemetry/index.js';
import type { BusMessage } from './bus.js';
import { InProcessBus } from './in-process-bus.js';
import { messageContext } from './trace-context.js';
import { waitFor } from './testing/wait.js';

// The in-process bus propagates trace context exactly as the Kafka bus does
// (bus-tracing.int.test.ts), so embedded mode keeps traces whole.

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
let telemetry: Telemetry;

beforeAll(async () => {
  telemetry = await startTelemetry({ serviceName: 'bus-tracing-test', instrumentKafka: false, extraSpanProcessors: [processor] });
});
afterAll(async () => telemetry.shutdown());

const value = new TextEncoder().encode('trade');

/** Spans reach the exporter asynchronously (the SDK's resource detection may be pending). */
async function finishedSpans(): Promise<ReturnType<InMemorySpanExporter['getFinishedSpans']>> {
  await processor.forceFlush();
  return exporter.getFinishedSpans();
}

async function consumeOne(bus: InProcessBus, topic: string, handle: (message: BusMessage) => void): Promise<void> {
  const consumer = bus.consumer({ groupId: `g-${topic}`, topics: [topic] });
  let seen = false;
  await consumer.run({
    eachBatch: async (batch) => {
      for (const message of batch.messages) handle(message);
      seen = true;
    },
  });
  await waitFor(() => seen, 2_000, 'the message');
  await consumer.stop();
}

describe('trace context through the in-process bus', () => {
  it('continues the producer trace in a process span that the handler can use', async () => {
    exporter.reset();
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 'traced', partitions: 3 }]);
    const producer = await bus.producer();
    const root = await trace.getTracer('test').startActiveSpan('publish', async (span) => {
      await producer.send('traced', [{ key: 'binance:BTCUSDT', value }]);
      span.end();
      return span.spanContext();
    });
    let inHandler: SpanContext | undefined;
    await consumeOne(bus, 'traced', (message) => {
      inHandler = trace.getSpanContext(messageContext(message));
    });
    await bus.close();

    const process = (await finishedSpans()).find((span) => span.name === 'process traced');
    expect(process?.kind).toBe(SpanKind.CONSUMER);
    expect(process?.spanContext().traceId).toBe(root.traceId);
    expect(process?.parentSpanContext?.spanId).toBe(root.spanId);
    expect(process?.attributes['messaging.kafka.message.key']).toBe('binance:BTCUSDT');
    expect(inHandler?.spanId).toBe(process?.spanContext().spanId);
  });

  it('gives each consumer group its own process span for the same message', async () => {
    exporter.reset();
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 'shared', partitions: 1 }]);
    const producer = await bus.producer();
    const root = await trace.getTracer('test').startActiveSpan('publish', async (span) => {
      await producer.send('shared', [{ key: 'k', value }]);
      span.end();
      return span.spanContext();
    });
    const seen = new Map<string, SpanContext | undefined>();
    let release!: () => void;
    const bothInside = new Promise<void>((resolve) => (release = resolve));
    const consumers = ['alerter', 'preprocessor'].map((groupId) => bus.consumer({ groupId, topics: ['shared'] }));
    await Promise.all(
      consumers.map((consumer, i) =>
        consumer.run({
          eachBatch: async (batch) => {
            // Both handlers hold the message at the same time.
            if (i === 0) await bothInside;
            else release();
            seen.set(String(i), trace.getSpanContext(messageContext(batch.messages[0]!)));
          },
        }),
      ),
    );
    await waitFor(() => seen.size === 2, 2_000, 'both groups');
    await bus.close();

    const processes = (await finishedSpans()).filter((span) => span.name === 'process shared');
    expect(processes).toHaveLength(2);
    for (const span of processes) expect(span.parentSpanContext?.spanId).toBe(root.spanId);
    expect(new Set([...seen.values()].map((context) => context?.spanId))).toEqual(
      new Set(processes.map((span) => span.spanContext().spanId)),
    );
  });

  it('starts no span for an unsampled or untraced message, yet hands over the remote context', async () => {
    exporter.reset();
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 'quiet', partitions: 1 }]);
    const producer = await bus.producer();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await producer.send('quiet', [
      { key: 'a', value, headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-00` } },
      { key: 'b', value },
    ]);
    const contexts: Array<SpanContext | undefined> = [];
    await consumeOne(bus, 'quiet', (message) => contexts.push(trace.getSpanContext(messageContext(message))));
    await bus.close();

    expect(await finishedSpans()).toEqual([]);
    expect(contexts[0]).toMatchObject({ traceId, spanId: '00f067aa0ba902b7', traceFlags: 0, isRemote: true });
    expect(contexts[1]).toBeUndefined();
  });

  it('marks the process span as failed when the handler rejects', async () => {
    exporter.reset();
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 'failing', partitions: 1 }]);
    const producer = await bus.producer();
    await trace.getTracer('test').startActiveSpan('publish', async (span) => {
      await producer.send('failing', [{ key: 'k', value }]);
      span.end();
    });
    const consumer = bus.consumer({ groupId: 'g', topics: ['failing'] });
    await consumer.run({
      eachBatch: async () => {
        throw new Error('cannot decode');
      },
    });
    await expect(consumer.done()).rejects.toThrow('cannot decode');
    await bus.close();

    const process = (await finishedSpans()).find((span) => span.name === 'process failing');
    expect(process?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'cannot decode' });
  });

  it('adds nothing to the headers when no span is active', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 'plain', partitions: 1 }]);
    const producer = await bus.producer();
    expect(trace.getSpan(context.active())).toBeUndefined();
    await producer.send('plain', [{ key: 'k', value }]);
    const headers: Array<Readonly<Record<string, string>>> = [];
    await consumeOne(bus, 'plain', (message) => headers.push(message.headers));
    await bus.close();
    expect(headers).toEqual([{}]);
  });
});
