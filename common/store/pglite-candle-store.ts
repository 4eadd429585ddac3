// The candle store embedded in the process (PGlite), for `wick start` with
// no database server: the same schema and SQL as on PostgreSQL, persisted
// under <dataDir>/pglite. Only one process may open a data directory.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { prepareStore, type CommonStoreOptions } from './open-store.js';
import { lockDataDir } from './pglite/data-dir-lock.js';
import { createPgliteExecutor, rawProtocolOf, type PgliteDatabase } from './pglite/pglite-executor.js';
import { checkSchemaName } from './settings.js';
import { SqlCandleStore } from './sql-candle-store.js';

export const DEFAULT_DATA_DIR = './data';

export interface PgliteCandleStoreOptions extends CommonStoreOptions {
  /** wick's data directory; the database lives in its pglite/ folder. Default ./data. */
  readonly dataDir?: string;
  /** An already open PGlite instead of one under dataDir (tests use a build with TimescaleDB). */
  readonly database?: PgliteDatabase;
  /** Schema of the store's tables; default public. */
  readonly schema?: string;
}

export class PgliteCandleStore extends SqlCandleStore {
  /** Opens (creating when missing) the embedded database and applies pending migrations. */
  static async open(options: PgliteCandleStoreOptions): Promise<PgliteCandleStore> {
    const schema = checkSchemaName(options.schema ?? 'public');
    const database = options.database ?? (await openDatabase(options.dataDir ?? DEFAULT_DATA_DIR));
    const executor = await createPgliteExecutor(database, schema);
    try {
      // Embedded mode has no separate `wick migrate` step: the process that
      // owns the database file brings it up to date.
      const prepared = await prepareStore(executor, { ...options, schema, migrations: 'apply' });
      return new PgliteCandleStore(executor, { ...prepared, maxBatchSize: options.maxBatchSize, writeConcurrency: options.writeConcurrency });
    } catch (error) {
      await executor.close().catch(() => undefined);
      throw error;
    }
  }
}

/** PGlite under <dataDir>/pglite, locked to this process until the database closes. */
async function openDatabase(dataDir: string): Promise<PgliteDatabase> {
  const directory = join(dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  const lock = await lockDataDir(directory);
  try {
    const database = await PGlite.create(directory);
    return {
      // Candle reads speak the wire protocol to PGlite (pglite-executor.ts).
      ...rawProtocolOf(database),
      query: (sql, params) => database.query(sql, params),
      exec: (sql) => database.exec(sql),
      close: async () => {
        await database.close();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
