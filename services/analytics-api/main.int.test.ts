// `wick analytics-api` as a process, on real Kafka and PostgreSQL: it serves
// GetCandles and StreamCandles, reports ready once it has read the candle
// topic, and on SIGTERM ends its streams with UNAVAILABLE and exits 0.
import { Code } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { PgCandleStore } from '../../common/store/index.js';
import { dropSchema, testSchemaName } from '../../common/store/testing/pg-test-schema.js';
import { DATABASE_URL, KAFKA_BROKERS, missingServices } from '../../common/testing/infra.js';
import { busMessage, testCandle } from './testing/candle-updates.js';
import { ServiceProcess } from './testing/service-process.js';
import { StreamReader } from './testing/stream-reader.js';
import { minute } from './testing/suite.js';
import { uniqueName } from './testing/test-api.js';
import { candleClient } from './testing/transports.js';

const skip = await missingServices('kafka', 'postgres');

describe.skipIf(skip)('wick analytics-api (process)', () => {
  const schema = testSchemaName('analytics_main');
  const prefix = `${uniqueName('test')}.`;
  const topic = `${prefix}wick.candles.v1`;
  let bus: KafkaBus;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    const store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
    await store.upsert([0, 1, 2].map((index) => testCandle({ symbol: 'MAINUSDT', openTime: minute(index), tradeCount: 2, closed: true })));
    await store.close();
    bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'wick-analytics-main-test', logger: silentLogger() });
    await bus.createTopics([{ topic, partitions: 2 }]);
  });
  afterAll(async () => {
    service?.kill();
    await bus?.deleteTopics([topic]);
    await bus?.close();
    await dropSchema(schema);
  });

  it('serves, reports ready, and shuts down cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    service = ServiceProcess.start('analytics-api', [
      '--database-url', DATABASE_URL, '--database-schema', schema, '--kafka-brokers', KAFKA_BROKERS, '--topic-prefix', prefix, '--heartbeat', '500ms',
    ], 'CandleService listening');
    const { url, ops } = await service.ready(60_000);
    const deadline = Date.now() + 60_000;
    while ((await fetch(`${ops}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`never ready:\n${service.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const client = candleClient('grpc', url);
    expect((await client.getCandles({ symbol: 'MAINUSDT', interval: '1m' })).candles).toHaveLength(3);
    const reader = new StreamReader((signal) => client.streamCandles({ subscriptions: [{ symbol: 'MAINUSDT', interval: '1m' }], history: 1 }, { signal }));
    await reader.waitFor((r) => r.events.some((event) => event.case === 'historyComplete'), 30_000, 'the history');
    const producer = await bus.producer();
    await producer.send(topic, [busMessage({ symbol: 'MAINUSDT', openTime: minute(3), tradeCount: 1, closed: false })]);
    await reader.waitFor((r) => r.updates().some((update) => !update.candle.closed), 30_000, 'the live partial');
    await reader.waitFor((r) => r.events.some((event) => event.case === 'heartbeat'), 10_000, 'a heartbeat');
    await producer.close();
    expect(await service.stop()).toBe(0);
    await reader.waitFor((r) => r.ended, 10_000, 'the stream to end');
    expect([reader.error?.code, reader.error?.rawMessage]).toEqual([Code.Unavailable, 'server is shutting down; reconnect']);
    expect(service.tail(200)).toContain('"msg":"shutdown complete"');
  });
});
