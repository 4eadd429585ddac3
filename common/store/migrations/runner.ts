// Applies the pending migrations to one schema, safely when several
// processes (pods, parallel `wick migrate` runs) try at once: the whole run
// holds a PostgreSQL advisory lock on a fixed key, so one process applies
// while the others wait and then find nothing left to do. Each migration
// commits together with its schema_migrations row, so a failed migration
// leaves no trace and the next run retries it.
import type { Logger } from '../../log/index.js';
import { StoreError } from '../errors.js';
import { inTransaction, type SqlExecutor, type SqlSession, type SqlStatement } from '../sql/executor.js';
import { loadMigrations, type Migration } from './migration-files.js';
import { planMigrations, type AppliedMigration } from './plan.js';

/** "wickmigr" in ASCII: one key for every wick migration run on a database. */
export const MIGRATION_LOCK_KEY = '8604517876116318066';

export interface MigrateOptions {
  /** Schema holding the store's tables (created when missing). */
  readonly schema: string;
  readonly logger: Logger;
  /** Default: the files in timescale/migrations. */
  readonly migrations?: readonly Migration[];
  /** How long to wait for another run's lock; default 10 minutes. */
  readonly lockTimeoutMs?: number;
}

export interface MigrationOutcome {
  /** File names applied by this run, in order. */
  readonly applied: readonly string[];
  /** Highest version recorded in the database after the run. */
  readonly version: number;
}

const LOCK: SqlStatement = { name: 'wick_migrate_lock_v1', text: 'SELECT pg_advisory_lock($1::int8)::text AS locked' };
const UNLOCK: SqlStatement = { name: 'wick_migrate_unlock_v1', text: 'SELECT pg_advisory_unlock($1::int8) AS unlocked' };
const SCHEMA_EXISTS: SqlStatement = {
  name: 'wick_migrate_schema_exists_v1',
  text: 'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found',
};
const TABLE_EXISTS: SqlStatement = {
  name: 'wick_migrate_table_exists_v1',
  text: `SELECT to_regclass(format('%I.schema_migrations', $1::text)) IS NOT NULL AS found`,
};
const READ_APPLIED: SqlStatement = {
  name: 'wick_migrate_read_applied_v1',
  text: 'SELECT version::text AS version, name, checksum FROM schema_migrations ORDER BY version',
};
const RECORD: SqlStatement = {
  name: 'wick_migrate_record_v1',
  text: 'INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1::int4, $2, $3, $4::int4)',
};
const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     integer     PRIMARY KEY,
  name        text        NOT NULL,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer     NOT NULL
)`;

export async function applyMigrations(executor: SqlExecutor, options: MigrateOptions): Promise<MigrationOutcome> {
  const migrations = options.migrations ?? loadMigrations();
  return executor.withSession(async (session) => {
    await lock(session, options.lockTimeoutMs ?? 600_000);
    try {
      await prepareSchema(session, options.schema);
      const applied = await readApplied(session);
      const plan = planMigrations(migrations, applied);
      for (const record of plan.newer) {
        options.logger.warn({ migration: record.name }, 'the database has a migration newer than this build; running with it');
      }
      const names: string[] = [];
      for (const migration of plan.pending) {
        await applyOne(session, migration, options.logger);
        names.push(migration.name);
      }
      const version = Math.max(0, ...applied.map((record) => record.version), ...plan.pending.map((m) => m.version));
      return { applied: names, version };
    } finally {
      await session.query(UNLOCK, [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

/** Throws SCHEMA_MISMATCH unless every migration of this build is applied, unedited. */
export async function verifyMigrations(executor: SqlExecutor, options: Pick<MigrateOptions, 'schema' | 'migrations'>): Promise<void> {
  const migrations = options.migrations ?? loadMigrations();
  const [table] = await executor.query<{ found: boolean }>(TABLE_EXISTS, [options.schema]);
  if (table?.found !== true) {
    throw new StoreError('SCHEMA_MISMATCH', `schema ${options.schema} has no wick tables yet: run \`wick migrate\``);
  }
  const plan = planMigrations(migrations, await readApplied(executor));
  if (plan.pending.length > 0) {
    const names = plan.pending.map((migration) => migration.name).join(', ');
    throw new StoreError('SCHEMA_MISMATCH', `schema ${options.schema} is behind this build (pending: ${names}): run \`wick migrate\``);
  }
}

async function lock(session: SqlSession, timeoutMs: number): Promise<void> {
  await session.exec(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await session.query(LOCK, [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
    throw new StoreError('MIGRATION_FAILED', `another wick migrate held the migration lock for over ${Math.round(timeoutMs / 1000)} s; is one stuck?`, { cause: error });
  } finally {
    // Never mask the error above with one from a connection that just broke.
    await session.exec('RESET lock_timeout').catch(() => undefined);
  }
}

/** SQLSTATE of a lock wait cut short by lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/** The SQLSTATE of a driver error, looked up through StoreError causes. */
function sqlState(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof StoreError) continue;
    const { code } = current as { code?: unknown };
    if (typeof code === 'string') return code;
  }
  return undefined;
}

async function prepareSchema(session: SqlSession, schema: string): Promise<void> {
  const [row] = await session.query<{ found: boolean }>(SCHEMA_EXISTS, [schema]);
  // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege
  // even when the schema is already there.
  if (row?.found !== true) await session.exec(`CREATE SCHEMA "${schema}"`);
  await session.exec(`SET search_path TO "${schema}", public`);
  await session.exec(CREATE_HISTORY);
}

async function readApplied(session: SqlSession): Promise<AppliedMigration[]> {
  const rows = await session.query<{ version: string; name: string; checksum: string }>(READ_APPLIED);
  return rows.map((row) => ({ version: Number(row.version), name: row.name, checksum: row.checksum }));
}

async function applyOne(session: SqlSession, migration: Migration, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    await inTransaction(session, async () => {
      // A migration may legitimately run for long on a big table; the
      // service's statement timeout is for queries, not schema changes.
      await session.exec('SET LOCAL statement_timeout = 0');
      await session.exec(migration.sql);
      await session.query(RECORD, [String(migration.version), migration.name, migration.checksum, String(Date.now() - started)]);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError('MIGRATION_FAILED', `migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
  logger.info({ migration: migration.name, durationMs: Date.now() - started }, 'applied migration');
}
