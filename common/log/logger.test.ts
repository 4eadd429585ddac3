import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry.js';
import { createLogger, type Logger } from './logger.js';

/** A destination that keeps every line as parsed JSON. */
function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, stream };
}

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
let telemetry: Telemetry;
beforeAll(async () => {
  telemetry = await startTelemetry({ serviceName: 'log-test', instrumentKafka: false, extraSpanProcessors: [processor] });
});
afterAll(async () => telemetry.shutdown());

describe('createLogger', () => {
  function logger(level: Parameters<typeof createLogger>[0]['level'] = 'info'): { log: Logger; lines: Array<Record<string, unknown>> } {
    const { lines, stream } = capture();
    return { log: createLogger({ service: 'collector', level, destination: stream }), lines };
  }

  it('writes one JSON object per line with level name, time, service and message', () => {
    const { log, lines } = logger();
    log.info({ symbol: 'BTCUSDT' }, 'connected');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'collector', symbol: 'BTCUSDT', msg: 'connected', pid: process.pid });
    expect(Date.parse(String(lines[0]?.time))).not.toBeNaN();
  });

  it('carries the trace and span id of the active span, across awaits', async () => {
    const { log, lines } = logger();
    await trace.getTracer('test').startActiveSpan('handle', async (span) => {
      log.info('before await');
      await new Promise((resolve) => setTimeout(resolve, 2));
      log.child({ component: 'bus' }).warn('after await');
      span.end();
    });
    await processor.forceFlush();
    const [span] = exporter.getFinishedSpans().filter((finished) => finished.name === 'handle');
    const ids = { trace_id: span?.spanContext().traceId, span_id: span?.spanContext().spanId, trace_flags: '01' };
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ ...ids, msg: 'before await' });
    expect(lines[1]).toMatchObject({ ...ids, msg: 'after await', component: 'bus', level: 'warn' });
  });

  it('writes no trace fields outside a span', () => {
    const { log, lines } = logger();
    log.info('idle');
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });

  it('drops lines below its level', () => {
    const { log, lines } = logger('warn');
    log.info('hidden');
    log.debug('hidden');
    log.error({ err: new Error('boom') }, 'shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
    expect(lines[0]?.err).toMatchObject({ type: 'Error', message: 'boom' });
  });
});
