import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, tracesUrl, type Telemetry } from './telemetry.js';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

async function withSpan<T>(name: string, run: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer('test').startActiveSpan(name, async (span) => {
    try {
      return await run(span);
    } finally {
      span.end();
    }
  });
}

describe('startTelemetry', () => {
  it('delivers spans, with parents kept across awaits, to extra span processors', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor(exporter);
    telemetry = await startTelemetry({ serviceName: 'telemetry-test', extraSpanProcessors: [processor] });
    expect(telemetry.exporting).toBe(false);

    await withSpan('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await withSpan('inner', async () => undefined);
    });

    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['inner', 'outer']);
    const [inner, outer] = spans;
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(outer?.resource.attributes['service.name']).toBe('telemetry-test');
  });

  it('propagates W3C trace context into carrier headers', async () => {
    telemetry = await startTelemetry({ serviceName: 'telemetry-test' });
    const headers: Record<string, string> = {};
    const traceId = await withSpan('send', async (span) => {
      propagation.inject(context.active(), headers);
      return span.spanContext().traceId;
    });
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const extracted = trace.getSpanContext(propagation.extract(context.active(), headers));
    expect(extracted?.traceId).toBe(traceId);
  });

  it('creates real trace ids even without an exporter, so logs and Kafka headers carry them', async () => {
    telemetry = await startTelemetry({ serviceName: 'telemetry-test' });
    const traceId = await withSpan('work', async (span) => span.spanContext().traceId);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
  });

  it('exports over OTLP/HTTP to <endpoint>/v1/traces when an endpoint is set', async () => {
    const received: Array<{ url: string | undefined; type: string | undefined; bytes: number }> = [];
    const collector = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url, type: request.headers['content-type'], bytes: Buffer.concat(chunks).length });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      telemetry = await startTelemetry({ serviceName: 'telemetry-test', otlpEndpoint: `http://127.0.0.1:${port}/` });
      expect(telemetry.exporting).toBe(true);
      await withSpan('exported', async () => undefined);
      await telemetry.shutdown(); // flushes the batch processor
      telemetry = undefined;
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ url: '/v1/traces', type: 'application/x-protobuf' });
      expect(received[0]?.bytes).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });

  it('patches kafkajs loaded through require, and stops patching at shutdown', async () => {
    telemetry = await startTelemetry({ serviceName: 'telemetry-test' });
    const kafkajs = createRequire(import.meta.url)('kafkajs') as { Kafka: { prototype: Record<string, unknown> } };
    const wrapped = () => (kafkajs.Kafka.prototype.producer as { __wrapped?: boolean }).__wrapped === true;
    expect(wrapped()).toBe(true);
    await telemetry.shutdown();
    telemetry = undefined;
    expect(wrapped()).toBe(false);
  });

  it('refuses a second start in one process, and allows one after shutdown', async () => {
    telemetry = await startTelemetry({ serviceName: 'first', instrumentKafka: false });
    await expect(startTelemetry({ serviceName: 'second' })).rejects.toThrow('already started');
    await telemetry.shutdown();
    telemetry = await startTelemetry({ serviceName: 'third', instrumentKafka: false });
  });

  it('builds the traces URL from the base endpoint', () => {
    expect(tracesUrl('http://otel:4318')).toBe('http://otel:4318/v1/traces');
    expect(tracesUrl('http://otel:4318/')).toBe('http://otel:4318/v1/traces');
  });
});
