// The one embedded PGlite database of `wick start`, under <dataDir>/pglite,
// shared by the candle store and the checkpoint table (PGlite is one
// session: two instances on the same files would corrupt them, so the
// directory is locked to this process, as PgliteCandleStore does).
//
// A new data directory starts as a copy of the cached cluster template, which
// already holds wick's schema (pglite-template.ts; `npm ci` makes it). Without
// one (the cache was cleared, or install scripts were skipped) the start runs
// initdb and leaves the template behind for every later new data directory.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../../../common/log/index.js';
import { lockDataDir } from '../../../common/store/pglite/data-dir-lock.js';
import { rawProtocolOf, type PgliteDatabase } from '../../../common/store/pglite/pglite-executor.js';
import { copyTemplate, finishTemplateCluster, hasTemplate, saveTemplate, templateDir } from './pglite-template.js';

/** The lock file lockDataDir keeps inside the cluster directory. */
const LOCK_FILE = 'wick.lock';

export interface EmbeddedDatabase extends PgliteDatabase {
  /** How the cluster came to be: opened as it was, unpacked from the template, or created by initdb. */
  readonly origin: 'existing' | 'template' | 'initdb';
}

export async function openEmbeddedDatabase(dataDir: string, logger: Logger, template: string = templateDir()): Promise<EmbeddedDatabase> {
  const directory = join(dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  const lock = await lockDataDir(directory);
  try {
    const started = Date.now();
    const { database, origin } = await openCluster(directory, template, logger);
    logger.info({ directory, origin, ms: Date.now() - started }, 'embedded database open');
    return {
      origin,
      query: (sql, params) => database.query(sql, params),
      exec: (sql) => database.exec(sql),
      // Store reads go over PGlite's raw protocol when it offers one (binary rows, prepared once).
      ...rawProtocolOf(database),
      close: async () => {
        try {
          await database.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openCluster(directory: string, template: string, logger: Logger): Promise<{ database: PGlite; origin: EmbeddedDatabase['origin'] }> {
  // PG_VERSION is the last file initdb writes that every cluster has.
  if (existsSync(join(directory, 'PG_VERSION'))) return { database: await PGlite.create(directory), origin: 'existing' };
  if (hasTemplate(template)) {
    await copyTemplate(template, directory);
    return { database: await PGlite.create(directory), origin: 'template' };
  }
  logger.info({ directory }, 'initialising the embedded database (once per machine: later new data directories start from a copy)');
  // Copied closed, with the schema and nothing else: the template is a consistent cluster holding no data.
  await finishTemplateCluster(await PGlite.create(directory), logger);
  try {
    await saveTemplate(directory, template, [LOCK_FILE]);
  } catch (error) {
    logger.warn({ err: error, template }, 'could not keep the database template; the next new data directory runs initdb again');
  }
  return { database: await PGlite.create(directory), origin: 'initdb' };
}
