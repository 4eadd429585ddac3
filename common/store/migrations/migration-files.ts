// Reads the versioned SQL migrations (timescale/migrations/NNNN_name.sql).
// A migration's identity is its version; its checksum (sha256 of the text,
// line endings normalised so a Windows checkout does not count as an edit)
// is what the runner compares against the one recorded when it was applied.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../errors.js';

export interface Migration {
  readonly version: number;
  /** The file name, e.g. 0001_candles.sql. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of the normalised text. */
  readonly checksum: string;
}

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** The migrations in `dir`, ordered by version. Throws when a file is misnamed or a version repeats. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const migrations: Migration[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.sql')).sort()) {
    const match = FILE_NAME.exec(name);
    if (!match) {
      throw new StoreError('SCHEMA_MISMATCH', `migration file ${name} is not named NNNN_name.sql (lower case, underscores)`);
    }
    const version = Number(match[1]);
    const clash = migrations.find((migration) => migration.version === version);
    if (clash !== undefined) throw new StoreError('SCHEMA_MISMATCH', `migrations ${clash.name} and ${name} share version ${version}`);
    const sql = readFileSync(join(dir, name), 'utf8').replace(/\r\n/g, '\n');
    migrations.push({ version, name, sql, checksum: sha256(sql) });
  }
  return migrations;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * timescale/migrations at the repository root. Found by walking up from this
 * module because it runs both from source (common/store/migrations) and
 * compiled (dist/common/store/migrations), at different depths.
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 6; level += 1) {
    const candidate = join(dir, 'timescale', 'migrations');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new StoreError('SCHEMA_MISMATCH', 'cannot find the timescale/migrations directory of this wick installation');
}
