// What the bus contract (kafka-bus.int.test.ts) cannot show of the
// @platformatic/kafka producer: that it is idempotent, and that the caller's
// trace context reaches the consumer in the W3C headers, as the collector's
// trades published inside a span do (no client instrumentation involved).
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../../telemetry/index.js';
import { KAFKA_BROKERS, missingServices } from '../../testing/infra.js';
import type { BusMessage } from '../bus.js';
import { KafkaBus } from '../kafka-bus.js';
import { deleteGroups } from '../testing/kafka-groups.js';
import { startRecorder } from '../testing/recorder.js';
import { stderrErrorsLogger } from '../testing/test-logger.js';
import { waitFor } from '../testing/wait.js';
import { createPlatformaticProducer } from './platformatic-client.js';
import type { PlatformaticBusProducer } from './platformatic-producer.js';

const skip = await missingServices('kafka');
const brokers = KAFKA_BROKERS.split(',');
const text = new TextEncoder();

describe.skipIf(skip)('the @platformatic/kafka producer on a real broker', () => {
  let telemetry: Telemetry;
  let bus: KafkaBus;
  const topic = `bus-platformatic-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    telemetry = await startTelemetry({ serviceName: 'bus-platformatic-test', instrumentKafka: false });
    bus = new KafkaBus({ brokers, clientId: 'bus-platformatic-test', producerClient: 'platformatic', logger: stderrErrorsLogger('bus-platformatic'), maxWaitTimeMs: 100 });
    await bus.createTopics([{ topic, partitions: 4 }]);
  });

  afterAll(async () => {
    await bus?.deleteTopics([topic]);
    await deleteGroups([topic]);
    await bus?.close();
    await telemetry?.shutdown();
  });

  it('is idempotent: it holds a producer id, and the broker accepts the sequence numbers of consecutive sends to every partition', async () => {
    const client = await createPlatformaticProducer({ brokers, clientId: 'bus-platformatic-idempotence', logger: stderrErrorsLogger('idempotence') });
    try {
      const info = await client.initIdempotentProducer({});
      expect(typeof info.producerId).toBe('bigint');
      expect(info.producerId).toBeGreaterThanOrEqual(0n);
      // With a producer id the broker checks each partition's sequence: a
      // client that numbered one batch wrongly would get OUT_OF_ORDER_SEQUENCE_NUMBER.
      for (let round = 0; round < 20; round++) {
        await client.send({ messages: Array.from({ length: 50 }, (_, i) => ({ topic, key: Buffer.from(`idem-${i}`), value: Buffer.from(`${round}`) })) });
      }
      expect(client.producerId).toBe(info.producerId);
    } finally {
      await client.close();
    }
    const written = (await bus.offsets(topic)).reduce((sum, { high }) => sum + high, 0n);
    expect(written).toBe(1_000n);
  });

  it("writes its own Produce requests, which the broker accepts send after send to every partition (their sequence numbers are right)", async () => {
    const producer = await bus.producer();
    expect((producer as PlatformaticBusProducer).produceRequests).toBe('wick');
    const before = (await bus.offsets(topic)).reduce((sum, { high }) => sum + high, 0n);
    for (let round = 0; round < 20; round++) {
      await producer.send(topic, Array.from({ length: 50 }, (_, i) => ({ key: `sequenced-${i}`, value: text.encode(`${round}`) })));
    }
    const after = (await bus.offsets(topic)).reduce((sum, { high }) => sum + high, 0n);
    expect(after - before).toBe(1_000n);
    await producer.close();
  });

  it('sends the active trace context in traceparent, unless the message carries its own', async () => {
    const producer = await bus.producer();
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const root = await trace.getTracer('bus-platformatic-test').startActiveSpan('publish trade', async (span) => {
      await producer.send(topic, [
        { key: 'traced', value: text.encode('traced') },
        { key: 'own', value: text.encode('own'), headers: { traceparent: own } },
      ]);
      span.end();
      return span.spanContext();
    });
    await producer.send(topic, [{ key: 'untraced', value: text.encode('untraced') }]);

    const recorder = await startRecorder(bus, 'reader', { groupId: topic, topics: [topic] }, { kind: 'never' });
    const byKey = (key: string): BusMessage | undefined => recorder.messages.find((m) => m.key === key);
    await waitFor(() => ['traced', 'own', 'untraced'].every((key) => byKey(key) !== undefined), 20_000, 'the three messages');
    await recorder.consumer.stop();
    expect(byKey('traced')?.headers.traceparent).toBe(`00-${root.traceId}-${root.spanId}-01`);
    expect(byKey('own')?.headers).toEqual({ traceparent: own });
    expect(byKey('untraced')?.headers).toEqual({});
  });
});
