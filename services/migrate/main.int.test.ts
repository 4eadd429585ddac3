// `wick migrate` against the real PostgreSQL: several processes at once on a
// fresh schema, and the refusal to run over an edited migration.
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, missingServices } from '../../common/testing/infra.js';
import { loadMigrations } from '../../common/store/migrations/migration-files.js';
import { dropSchema, sqlInSchema, testSchemaName } from '../../common/store/testing/pg-test-schema.js';
import { runMain, runProcess } from './testing.js';

const skip = await missingServices('postgres');
const migrations = loadMigrations();

describe.skipIf(skip)('wick migrate on PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('lets four processes migrate one fresh schema at once: all succeed, each migration is applied once', async () => {
    const schema = testSchemaName('processes');
    schemas.push(schema);
    const env = { DATABASE_URL, WICK_DATABASE_SCHEMA: schema, LOG_LEVEL: 'info' };
    const runs = await Promise.all(Array.from({ length: 4 }, () => runProcess([], env)));
    expect(runs.map((run) => [run.code, run.stderr])).toEqual(runs.map(() => [0, '']));
    const applied = runs.flatMap((run) => run.stdout.trim().split('\n'))
      .map((line) => JSON.parse(line) as { msg: string; migration?: string })
      .filter((entry) => entry.msg === 'applied migration')
      .map((entry) => entry.migration);
    expect(applied.sort()).toEqual(migrations.map((m) => m.name));
    expect(await sqlInSchema(schema, 'SELECT version FROM schema_migrations ORDER BY version'))
      .toEqual(migrations.map((m) => ({ version: m.version })));
  });

  it('refuses, in one line, to run over a migration edited after it was applied', async () => {
    const schema = testSchemaName('edited');
    schemas.push(schema);
    const args = ['--database-url', DATABASE_URL, '--database-schema', schema];
    expect((await runMain(args)).code).toBe(0);
    // The file on disk stays as it is; recording another checksum is the same
    // as the file having been edited since it was applied.
    await sqlInSchema(schema, `UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 1`);
    const run = await runMain(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^wick migrate: migration 0001_candles\.sql was edited after it was applied \(recorded sha256 000000000000, file [0-9a-f]{12}\); restore the file and put the change in a new migration\n$/,
    );
  });
});
