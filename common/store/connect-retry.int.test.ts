// A service opening the store keeps retrying, with backoff, while the
// database is unreachable, and gives up with one clear error after its last
// attempt. The database "appears" when a proxy to the real PostgreSQL starts
// listening on a port that refused connections until then.
import { createServer, connect, type Server } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log/index.js';
import { DATABASE_URL, missingServices } from '../testing/infra.js';
import { PgCandleStore } from './pg-candle-store.js';
import { dropSchema, testSchemaName } from './testing/pg-test-schema.js';
import { freePort } from '../testing/free-port.js';

const skip = await missingServices('postgres');
const upstream = new URL(DATABASE_URL);

function capturedLogger(): { logger: ReturnType<typeof createLogger>; messages: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = createLogger({ service: 'store-test', level: 'info', destination: stream });
  return { logger, messages: () => text.trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg) };
}


function proxyTo(port: number): Promise<Server> {
  const server = createServer((client) => {
    const database = connect(Number(upstream.port || 5432), upstream.hostname);
    client.on('error', () => database.destroy());
    database.on('error', () => client.destroy());
    client.pipe(database).pipe(client);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function urlOnPort(port: number): string {
  const url = new URL(DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/** What common/retry logs before each new attempt. */
const RETRY_LINE = /^database-connect: attempt \d+ of \d+ failed, retrying$/;

describe.skipIf(skip)('opening the PostgreSQL store', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('retries with backoff until the database answers, then opens', async () => {
    const port = await freePort();
    const schema = testSchemaName('retry');
    schemas.push(schema);
    const { logger, messages } = capturedLogger();
    const opening = PgCandleStore.open({
      databaseUrl: urlOnPort(port), schema, logger, migrations: 'apply',
      connectRetry: { attempts: 10, firstDelayMs: 100, maxDelayMs: 400 },
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const proxy = await proxyTo(port);
    try {
      const store = await opening;
      expect(store.mode).toBe('postgres');
      await store.close();
    } finally {
      proxy.close();
    }
    const retries = messages().filter((message) => RETRY_LINE.test(message));
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(messages()).toContain('candle store ready (postgres mode)');
  });

  it('gives up after its last attempt with one line naming the target', async () => {
    const port = await freePort();
    const { logger, messages } = capturedLogger();
    const started = Date.now();
    await expect(PgCandleStore.open({
      databaseUrl: urlOnPort(port), logger, connectRetry: { attempts: 3, firstDelayMs: 50, maxDelayMs: 100 },
    })).rejects.toMatchObject({
      code: 'UNREACHABLE', message: `cannot connect to PostgreSQL at 127.0.0.1:${port}${upstream.pathname}: connection refused`,
    });
    expect(messages().filter((message) => RETRY_LINE.test(message))).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not retry what waiting cannot fix', async () => {
    const schema = testSchemaName('noretry');
    const { logger, messages } = capturedLogger();
    await expect(PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger, migrations: 'verify' }))
      .rejects.toMatchObject({ code: 'SCHEMA_MISMATCH' });
    expect(messages()).toEqual([]);
  });
});
