// Throughput of the Kafka bus on a real broker: 100,000 messages of about
// 100 bytes, produced in sends of 1,000, then consumed by one group member
// that commits after every batch (as the preprocessor does).
//
//   npx vitest bench --run --project integration common/bus/testing/kafka-bus.bench.ts
//
// WICK_BENCH_TRACING shows what tracing costs (spans are made, not exported):
//   sdk      telemetry started (context tracking on), nothing traced
//   kafkajs  telemetry with @opentelemetry/instrumentation-kafkajs, sends outside any span
//   bus      telemetry without it, every send inside a sampled span, so each
//            message carries a sampled traceparent and gets the bus's process span
// OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG pick the sampler as usual.

import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { bench, describe } from 'vitest';
import { startTelemetry, type Telemetry } from '../../telemetry/index.js';
import { KAFKA_BROKERS, missingServices } from '../../testing/infra.js';
import type { OutgoingMessage } from '../bus.js';
import { KafkaBus } from '../kafka-bus.js';
import { deleteGroups } from './kafka-groups.js';
import { stderrErrorsLogger } from './test-logger.js';
import { waitFor } from './wait.js';

const TOTAL = 100_000;
const PER_SEND = 1_000;
const SYMBOLS = Array.from({ length: 20 }, (_, i) => `binance:SYM${i}USDT`);
const PARTITIONS = 6;

const skip = await missingServices('kafka');

function messages(from: number): OutgoingMessage[] {
  return Array.from({ length: PER_SEND }, (_, i) => {
    const n = from + i;
    const key = SYMBOLS[n % SYMBOLS.length]!;
    // Roughly a protobuf trade: ids, price, quantity, times.
    const value = new TextEncoder().encode(`${key}|${n}|${n}|${n}|0.07523100|12.50000000|1570000000000|true|1570000000001`.padEnd(100, ' '));
    return { key, value };
  });
}

function report(what: string, count: number, startedAt: number): void {
  const seconds = (performance.now() - startedAt) / 1_000;
  console.log(`${what}: ${count} messages in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} messages/s`);
}

async function produce(bus: KafkaBus, topic: string): Promise<void> {
  const producer = await bus.producer();
  // Built beforehand: the figure is the bus's, not the message generator's.
  const sends = Array.from({ length: TOTAL / PER_SEND }, (_, i) => messages(i * PER_SEND));
  const startedAt = performance.now();
  const tracer = trace.getTracer('bus-bench');
  for (const batch of sends) {
    if (tracing === 'bus') await tracer.startActiveSpan('send batch', async (span) => producer.send(topic, batch).finally(() => span.end()));
    else await producer.send(topic, batch);
  }
  report('produce', TOTAL, startedAt);
  await producer.close();
}

async function consume(bus: KafkaBus, topic: string): Promise<void> {
  const startedAt = performance.now();
  let received = 0;
  let firstAt = 0;
  const consumer = bus.consumer({ groupId: topic, topics: [topic] });
  await consumer.run({
    eachBatch: async (batch) => {
      if (received === 0) firstAt = performance.now();
      received += batch.messages.length;
      const last = batch.messages[batch.messages.length - 1]!;
      await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: last.offset + 1n }]);
    },
  });
  await waitFor(() => received >= TOTAL, 120_000, `${TOTAL} messages`);
  report('consume (from run())', received, startedAt);
  report('consume (from the first batch)', received, firstAt);
  await consumer.stop();
}

const tracing = process.env.WICK_BENCH_TRACING ?? 'off';
if (!['off', 'sdk', 'kafkajs', 'bus'].includes(tracing)) throw new Error(`WICK_BENCH_TRACING must be off, sdk, kafkajs or bus, not ${tracing}`);

// One task: vitest's bench mode runs no beforeAll/afterAll, so setup and
// cleanup live inside it, and it runs exactly once.
describe.skipIf(skip)(`KafkaBus throughput, tracing ${tracing}`, () => {
  bench(
    `produce then consume ${TOTAL} messages`,
    async () => {
      const telemetry: Telemetry | undefined =
        tracing === 'off' ? undefined : await startTelemetry({ serviceName: 'bus-bench', instrumentKafka: tracing === 'kafkajs' });
      const bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'bus-bench', logger: stderrErrorsLogger('bus-bench'), maxWaitTimeMs: 100 });
      const topic = `bus-bench-${randomUUID().slice(0, 8)}`;
      try {
        await bus.createTopics([{ topic, partitions: PARTITIONS }]);
        await produce(bus, topic);
        await consume(bus, topic);
      } finally {
        await bus.deleteTopics([topic]);
        await deleteGroups([topic]);
        await bus.close();
        await telemetry?.shutdown();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
