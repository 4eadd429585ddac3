// Raw field-by-field candle reads on the real PostgreSQL: exactly the
// candles written (the same pages as the line reads), and a connection that
// carries on normally whatever the exchange met: ordinary queries after it,
// a prepared statement dropped under it, PostgreSQL refusing it, the server
// ending the connection in the middle of it.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/index.js';
import { DATABASE_URL, missingServices } from '../../testing/infra.js';
import { candlesOf } from '../candle-columns.js';
import type { Candle } from '../domain.js';
import { StoreError } from '../errors.js';
import { PgCandleStore } from '../pg-candle-store.js';
import { bindMessage, concat, EXECUTE_AND_SYNC, parseMessage } from '../sql/wire-protocol.js';
import type { SqlExecutor } from '../sql/executor.js';
import { READ_LATEST, READ_LATEST_FIELDS, READ_RANGE, READ_RANGE_FIELDS } from '../sql/reads.js';
import { candleColumns } from '../sql/rows.js';
import { numericText as decimal, tradeId as id } from '../testing/numeric-arbitraries.js';
import { MAX_TIME_MS, NO_UPPER_BOUND_MS } from '../sql/time.js';
import { candle } from '../testing/fixtures.js';
import { dropSchema, testSchemaName } from '../testing/pg-test-schema.js';
import { PgStatementError, readCandleFields } from './pg-candle-fields.js';
import { exchangeRaw, RawExchangeUnsupported } from './raw-exchange.js';

const skip = await missingServices('postgres');
const MINUTE = 60_000;
const KEY = { exchange: 'binance', symbol: 'BTCUSDT', interval: '1m' as const };

describe.skipIf(skip !== undefined)('PostgreSQL raw candle reads', () => {
  const schema = testSchemaName('raw_reads');
  let store: PgCandleStore;
  let executor: SqlExecutor;
  let client: pg.Client;
  const latestParams = (key: { exchange: string; symbol: string; interval: string }, limit: number) =>
    [key.exchange, key.symbol, key.interval, String(NO_UPPER_BOUND_MS), true, String(limit + 1)];

  beforeAll(async () => {
    store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
    executor = (store as unknown as { executor: SqlExecutor }).executor;
    await store.upsert([0, 1, 2].map((minute) => candle({ ...KEY, openTime: minute * MINUTE })));
    client = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema},public` });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await dropSchema(schema);
  });

  it('are what the PostgreSQL executor reads candles with', () => {
    expect(executor.queryCandleFields).toBeDefined();
  });

  it('read back any candles exactly, as the line reads do', async () => {
    let series = 0;
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.record({
      minute: fc.oneof(fc.integer({ min: 0, max: 60_000_000 }), fc.constant(Math.floor(MAX_TIME_MS / MINUTE) - 1)),
      open: decimal, high: decimal, low: decimal, close: decimal, volume: decimal, quoteVolume: decimal, takerBuyVolume: decimal, takerBuyQuoteVolume: decimal,
      tradeCount: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), firstTradeId: id, lastTradeId: id,
      revision: fc.integer({ min: 0, max: 2_147_483_647 }), closed: fc.boolean(),
    }), { minLength: 1, maxLength: 12, selector: (row) => row.minute }), async (rows) => {
      const key = { ...KEY, symbol: `S${(series += 1)}` };
      const candles: Candle[] = rows.map(({ minute, ...fields }) => ({ ...key, ...fields, openTime: minute * MINUTE, closeTime: minute * MINUTE + MINUTE - 1 }))
        .sort((a, b) => a.openTime - b.openTime);
      await store.upsert(candles);
      expect((await store.readLatest({ ...key, limit: 100, includePartial: true })).candles).toEqual(candles);
      expect((await store.readRange({ ...key, startTime: 0, limit: 100, includePartial: true })).candles).toEqual(candles);
      const params = latestParams(key, 100);
      const lines = await executor.queryLines(READ_LATEST, params);
      const fields = await executor.queryCandleFields?.(READ_LATEST_FIELDS, params, key, 100, true);
      expect(fields && candlesOf(fields.columns)).toEqual(candlesOf(candleColumns(key, lines, 100, true)));
      const rangeParams = [key.exchange, key.symbol, key.interval, '0', String(NO_UPPER_BOUND_MS), true, '3'];
      const rangeLines = await executor.queryLines(READ_RANGE, rangeParams);
      const rangeFields = await executor.queryCandleFields?.(READ_RANGE_FIELDS, rangeParams, key, 2, false);
      expect(rangeFields?.rows).toBe(rangeLines.count);
      expect(rangeFields && candlesOf(rangeFields.columns)).toEqual(candlesOf(candleColumns(key, rangeLines, 2, false)));
    }), { numRuns: 40 });
  });

  it('leave the connection to the driver exactly as its own queries do', async () => {
    for (let round = 0; round < 3; round += 1) {
      const read = await readCandleFields(client, READ_LATEST_FIELDS, latestParams(KEY, 10), KEY, 10, true);
      expect(candlesOf(read.columns).map((c) => c.openTime)).toEqual([0, MINUTE, 2 * MINUTE]);
      const [row] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM candles WHERE symbol = $1', [KEY.symbol])).rows;
      expect(row?.n).toBe(3);
    }
  });

  it('prepare the statement again when it was dropped from the connection', async () => {
    await readCandleFields(client, READ_LATEST_FIELDS, latestParams(KEY, 10), KEY, 10, true);
    await client.query('DEALLOCATE ALL');
    const read = await readCandleFields(client, READ_LATEST_FIELDS, latestParams(KEY, 10), KEY, 10, true);
    expect(read.rows).toBe(3);
    // Its name taken by a statement the reads did not prepare (a new connection's first read): used as it is.
    const other = new pg.Client({ connectionString: DATABASE_URL, options: `-c search_path=${schema},public` });
    await other.connect();
    try {
      await other.query({ name: READ_LATEST_FIELDS.name, text: READ_LATEST_FIELDS.text, values: latestParams(KEY, 1) });
      expect((await readCandleFields(other, READ_LATEST_FIELDS, latestParams(KEY, 10), KEY, 10, true)).rows).toBe(3);
    } finally {
      await other.end();
    }
  });

  it('report what PostgreSQL refused with its SQLSTATE, and leave the connection usable', async () => {
    const bad = [...latestParams(KEY, 10).slice(0, 5), 'ten'];
    const failure = await readCandleFields(client, READ_LATEST_FIELDS, bad, KEY, 10, true).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PgStatementError);
    expect(failure).toMatchObject({ code: '22P02' });
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const store_failure = await executor.queryCandleFields?.(READ_LATEST_FIELDS, bad, KEY, 10, true).catch((error: unknown) => error);
    expect(store_failure).toBeInstanceOf(StoreError);
    expect(store_failure).toMatchObject({ code: 'QUERY_FAILED', message: expect.stringContaining('SQLSTATE 22P02') });
    expect((await store.readLatest({ ...KEY, limit: 10 })).candles).toHaveLength(3);
  });

  it('fail, not hang, when the server ends the connection in the middle, with the reason it gave', async () => {
    const doomed = new pg.Client({ connectionString: DATABASE_URL });
    doomed.on('error', () => undefined);
    await doomed.connect();
    const terminate = concat([parseMessage('', 'SELECT pg_terminate_backend(pg_backend_pid())'), bindMessage('', []), EXECUTE_AND_SYNC]);
    await expect(exchangeRaw(doomed, terminate)).rejects.toMatchObject({ code: '57P01', message: expect.stringMatching(/terminating connection/) });
    await doomed.end().catch(() => undefined);
    // Through the executor: UNREACHABLE, that connection dropped from the pool, the next reads on another.
    const suicide = { name: 'test_terminate_v1', text: 'SELECT pg_terminate_backend(pg_backend_pid())' };
    await expect(executor.queryCandleFields?.(suicide, [], KEY, 10, true)).rejects.toMatchObject({ name: 'StoreError', code: 'UNREACHABLE' });
    for (let read = 0; read < 12; read += 1) expect((await store.readLatest({ ...KEY, limit: 10 })).candles).toHaveLength(3);
    // A connection the server ended while it sat in the pool is replaced too.
    const [{ pid } = { pid: 0 }] = await executor.query<{ pid: number }>({ name: 'test_backend_pid', text: 'SELECT pg_backend_pid() AS pid' });
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let read = 0; read < 12; read += 1) expect((await store.readLatest({ ...KEY, limit: 10 })).candles).toHaveLength(3);
  });

  it('refuse a connection whose socket they do not recognise, and send nothing on it', async () => {
    const stream = (client as unknown as { connection: pg.Connection }).connection.stream;
    const extra = () => undefined;
    stream.on('data', extra);
    try {
      await expect(readCandleFields(client, READ_LATEST_FIELDS, latestParams(KEY, 10), KEY, 10, true)).rejects.toBeInstanceOf(RawExchangeUnsupported);
    } finally {
      stream.removeListener('data', extra);
    }
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });
});
