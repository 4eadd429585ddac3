// The migration runner against the real PostgreSQL: concurrent runs, refusals
// and failures, each on a fresh schema dropped afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { silentLogger } from '../../log/index.js';
import { DATABASE_URL, missingServices } from '../../testing/infra.js';
import { PgCandleStore } from '../pg-candle-store.js';
import { createPgExecutor } from '../pg/pg-executor.js';
import type { SqlExecutor } from '../sql/executor.js';
import { dropSchema, sqlInSchema, testSchemaName } from '../testing/pg-test-schema.js';
import { loadMigrations, sha256, type Migration } from './migration-files.js';
import { applyMigrations, MIGRATION_LOCK_KEY } from './runner.js';

const skip = await missingServices('postgres');
const logger = silentLogger();
const migrations = loadMigrations();

describe.skipIf(skip)('migration runner on PostgreSQL', () => {
  const schemas: string[] = [];
  const executors: SqlExecutor[] = [];
  const freshSchema = (purpose: string) => {
    const schema = testSchemaName(purpose);
    schemas.push(schema);
    return schema;
  };
  const executor = (schema: string) => {
    const created = createPgExecutor({ connectionString: DATABASE_URL, schema, logger, poolSize: 1 });
    executors.push(created);
    return created;
  };
  const recorded = (schema: string) =>
    sqlInSchema(schema, 'SELECT version, name, checksum FROM schema_migrations ORDER BY version');

  afterAll(async () => {
    await Promise.all(executors.map((e) => e.close()));
    for (const schema of schemas) await dropSchema(schema);
  });

  it('applies each migration exactly once when six runs start at the same moment', async () => {
    const schema = freshSchema('concurrent');
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => applyMigrations(executor(schema), { schema, logger })));
    expect(outcomes.flatMap((outcome) => outcome.applied).sort()).toEqual(migrations.map((m) => m.name));
    expect(outcomes.map((outcome) => outcome.version)).toEqual(outcomes.map(() => migrations.length));
    expect(await recorded(schema)).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    expect(await applyMigrations(executor(schema), { schema, logger })).toEqual({ applied: [], version: migrations.length });
  });

  it('refuses to run when an applied migration was edited, and changes nothing', async () => {
    const schema = freshSchema('edited');
    await applyMigrations(executor(schema), { schema, logger });
    const first = migrations[0] as Migration;
    const edited = [{ ...first, sql: `${first.sql}\n-- edited`, checksum: sha256(`${first.sql}\n-- edited`) }, ...migrations.slice(1)];
    const extra: Migration = { version: 99, name: '0099_extra.sql', sql: 'CREATE TABLE extra (id int);', checksum: sha256('x') };
    await expect(applyMigrations(executor(schema), { schema, logger, migrations: [...edited, extra] })).rejects.toThrow(
      /^migration 0001_candles\.sql was edited after it was applied \(recorded sha256 [0-9a-f]{12}, file [0-9a-f]{12}\); restore the file/,
    );
    expect(await recorded(schema)).toHaveLength(migrations.length);
    expect(await sqlInSchema(schema, `SELECT to_regclass('extra') IS NULL AS absent`)).toEqual([{ absent: true }]);
  });

  it('rolls a failing migration back, records nothing, and applies it once fixed', async () => {
    const schema = freshSchema('failing');
    const broken: Migration = { version: 50, name: '0050_broken.sql', sql: 'CREATE TABLE half (id int);\nSELECT 1 / 0;', checksum: sha256('broken') };
    await expect(applyMigrations(executor(schema), { schema, logger, migrations: [...migrations, broken] }))
      .rejects.toThrow(/^migration 0050_broken\.sql failed and was rolled back: .*division by zero/);
    expect(await recorded(schema)).toHaveLength(migrations.length);
    expect(await sqlInSchema(schema, `SELECT to_regclass('half') IS NULL AS absent`)).toEqual([{ absent: true }]);
    const fixed: Migration = { ...broken, sql: 'CREATE TABLE half (id int);', checksum: sha256('fixed') };
    expect((await applyMigrations(executor(schema), { schema, logger, migrations: [...migrations, fixed] })).applied).toEqual(['0050_broken.sql']);
  });

  it('gives up waiting for a held migration lock with one clear line', async () => {
    const schema = freshSchema('locked');
    const holder = new pg.Client({ connectionString: DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::int8)', [MIGRATION_LOCK_KEY]);
      await expect(applyMigrations(executor(schema), { schema, logger, lockTimeoutMs: 1_000 }))
        .rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: 'another wick migrate held the migration lock for over 1 s; is one stuck?' });
    } finally {
      await holder.end();
    }
    expect((await applyMigrations(executor(schema), { schema, logger })).applied).toHaveLength(migrations.length);
  });

  it('lets a service refuse a schema that is missing or behind, pointing at wick migrate', async () => {
    const schema = freshSchema('verify');
    const open = () => PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger, connectRetry: false });
    await expect(open()).rejects.toMatchObject({ code: 'SCHEMA_MISMATCH', message: `schema ${schema} has no wick tables yet: run \`wick migrate\`` });
    await applyMigrations(executor(schema), { schema, logger, migrations: migrations.slice(0, 1) });
    await expect(open()).rejects.toThrow(`schema ${schema} is behind this build (pending: ${migrations.slice(1).map((m) => m.name).join(', ')}): run \`wick migrate\``);
    await applyMigrations(executor(schema), { schema, logger });
    const store = await open();
    expect(store.mode).toBe('postgres');
    await store.close();
  });
});
