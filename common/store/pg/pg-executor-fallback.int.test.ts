// Where node-postgres does not let the executor read a connection's answer
// raw (another driver version), candle reads fall back to line reads: the
// same pages, a warning once, nothing failed.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../log/index.js';
import { DATABASE_URL, missingServices } from '../../testing/infra.js';
import { candlesOf } from '../candle-columns.js';
import { PgCandleStore } from '../pg-candle-store.js';
import { candle } from '../testing/fixtures.js';
import { dropSchema, testSchemaName } from '../testing/pg-test-schema.js';
import type * as RawExchange from './raw-exchange.js';

vi.mock('./raw-exchange.js', async (importOriginal) => {
  const real = await importOriginal<typeof RawExchange>();
  return { ...real, exchangeRaw: vi.fn(() => Promise.reject(new real.RawExchangeUnsupported('the driver changed'))) };
});

const skip = await missingServices('postgres');
const KEY = { exchange: 'binance', symbol: 'ETHUSDT', interval: '1m' as const };

describe.skipIf(skip !== undefined)('PostgreSQL candle reads without raw access', () => {
  const schema = testSchemaName('raw_fallback');
  const lines: string[] = [];
  let store: PgCandleStore;

  beforeAll(async () => {
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } });
    const logger = createLogger({ service: 'test', level: 'warn', destination });
    store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger, migrations: 'apply', connectRetry: false });
  });
  afterAll(async () => {
    await store?.close();
    await dropSchema(schema);
  });

  it('read as lines, with one warning', async () => {
    const candles = [0, 1, 2, 3].map((minute) => candle({ ...KEY, openTime: minute * 60_000, open: `-${minute}.10` }));
    await store.upsert(candles);
    for (let read = 0; read < 3; read += 1) {
      const latest = await store.readLatestColumns({ ...KEY, limit: 3 });
      expect(candlesOf(latest.columns)).toEqual(candles.slice(1));
      expect(latest.nextCursor).toBeDefined();
      expect((await store.readRange({ ...KEY, startTime: 0, limit: 10 })).candles).toEqual(candles);
    }
    const warnings = lines.filter((line) => line.includes('raw candle reads'));
    expect(warnings).toHaveLength(1);
  });
});
