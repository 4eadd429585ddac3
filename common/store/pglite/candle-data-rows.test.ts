// PGlite's field-by-field candle reads (binary timestamps and integers, text
// decimals) give exactly the candles written, and the same pages as the
// line reads every other engine uses.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/index.js';
import { candlesOf } from '../candle-columns.js';
import type { Candle } from '../domain.js';
import { PgliteCandleStore } from '../pglite-candle-store.js';
import type { SqlExecutor } from '../sql/executor.js';
import { READ_LATEST, READ_LATEST_FIELDS } from '../sql/reads.js';
import { candleColumns } from '../sql/rows.js';
import { numericText as decimal, tradeId as id } from '../testing/numeric-arbitraries.js';
import { NO_UPPER_BOUND_MS } from '../sql/time.js';

const MINUTE = 60_000;

describe('PGlite field-by-field candle reads', () => {
  let db: PGlite;
  let store: PgliteCandleStore;
  let executor: SqlExecutor;
  beforeAll(async () => {
    db = await PGlite.create();
    store = await PgliteCandleStore.open({ database: db, logger: silentLogger() });
    executor = (store as unknown as { executor: SqlExecutor }).executor;
  });
  afterAll(() => store.close());

  it('are used where PGlite offers its wire protocol', () => {
    expect(executor.queryCandleFields).toBeDefined();
  });

  it('read back any candles exactly, as the line reads do', async () => {
    let series = 0;
    await fc.assert(fc.asyncProperty(fc.uniqueArray(fc.record({
      minute: fc.integer({ min: 0, max: 60_000_000 }),
      open: decimal, high: decimal, low: decimal, close: decimal, volume: decimal, quoteVolume: decimal, takerBuyVolume: decimal, takerBuyQuoteVolume: decimal,
      tradeCount: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), firstTradeId: id, lastTradeId: id,
      revision: fc.integer({ min: 0, max: 2_147_483_647 }), closed: fc.boolean(),
    }), { minLength: 1, maxLength: 12, selector: (row) => row.minute }), async (rows) => {
      const key = { exchange: 'binance', symbol: `S${(series += 1)}`, interval: '1m' as const };
      const candles: Candle[] = rows.map(({ minute, ...fields }) => ({ ...key, ...fields, openTime: minute * MINUTE, closeTime: minute * MINUTE + MINUTE - 1 }))
        .sort((a, b) => a.openTime - b.openTime);
      await store.upsert(candles);
      const page = await store.readLatest({ ...key, limit: 100, includePartial: true });
      expect(page.candles).toEqual(candles);
      const range = await store.readRange({ ...key, startTime: 0, limit: 100, includePartial: true });
      expect(range.candles).toEqual(candles);
      const params = [key.exchange, key.symbol, key.interval, String(NO_UPPER_BOUND_MS), true, '101'];
      const lines = await executor.queryLines(READ_LATEST, params);
      const fields = await executor.queryCandleFields!(READ_LATEST_FIELDS, params, key, 100, true);
      expect(candlesOf(fields.columns)).toEqual(candlesOf(candleColumns(key, lines, 100, true)));
    }), { numRuns: 40 });
  });
});
