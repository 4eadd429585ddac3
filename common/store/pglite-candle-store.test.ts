// The store contract on embedded PGlite, persisted in a temporary directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { silentLogger } from '../log/index.js';
import { PgliteCandleStore } from './pglite-candle-store.js';
import { candleStoreContract } from './store.contract.js';

candleStoreContract({
  name: 'PGlite',
  mode: 'pglite',
  async open() {
    const dataDir = await mkdtemp(join(tmpdir(), 'wick-store-'));
    // The store's own PGlite under dataDir, plus a second handle for the
    // test's SQL would be two processes on one directory; instead the test
    // opens the database and hands it to the store.
    const database = await PGlite.create(join(dataDir, 'pglite'));
    const store = await PgliteCandleStore.open({ database, logger: silentLogger() });
    return {
      store,
      sql: async (text) => (await database.query<Record<string, unknown>>(text)).rows,
      async close() {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
});
