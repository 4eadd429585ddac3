import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations, sha256 } from './migration-files.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function folder(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'wick-migrations-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('loadMigrations', () => {
  it("finds the repository's migrations, versioned from 1 without gaps", () => {
    const migrations = loadMigrations(defaultMigrationsDir());
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
    expect(migrations[0]?.name).toBe('0001_candles.sql');
    for (const migration of migrations) expect(migration.checksum).toBe(sha256(migration.sql));
  });

  it('orders by version, ignores other files and hashes text with normalised line endings', async () => {
    const found = loadMigrations(await folder({
      '0002_b.sql': 'SELECT 2;\r\nSELECT 3;\r\n', '0001_a.sql': 'SELECT 1;\n', 'README.md': '# notes',
    }));
    expect(found.map((migration) => migration.name)).toEqual(['0001_a.sql', '0002_b.sql']);
    expect(found[1]?.sql).toBe('SELECT 2;\nSELECT 3;\n');
    expect(found[1]?.checksum).toBe(sha256('SELECT 2;\nSELECT 3;\n'));
  });

  it('rejects a misnamed migration and a repeated version', async () => {
    const misnamed = await folder({ '1_a.sql': 'SELECT 1;' });
    expect(() => loadMigrations(misnamed)).toThrow(/1_a\.sql is not named NNNN_name\.sql/);
    await rm(misnamed, { recursive: true, force: true });
    const repeated = await folder({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 2;' });
    expect(() => loadMigrations(repeated)).toThrow(/0001_a\.sql and 0001_b\.sql share version 1/);
  });
});
