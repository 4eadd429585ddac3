// Decides what a migration run does, from the migrations this build ships
// and the ones the database recorded. Pure, so every refusal is unit-tested:
// - an applied migration whose file changed (checksum differs) is refused:
//   the database no longer matches the file, and re-running cannot fix it;
// - a recorded migration this build lacks, older than the newest it has, is
//   refused (a file was deleted);
// - recorded migrations newer than every file are tolerated: an older build
//   rolled out after a newer one must still start;
// - a new file older than the newest recorded migration is refused: applying
//   it out of order would give this database a history no other has.
import { StoreError } from '../errors.js';
import type { Migration } from './migration-files.js';

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export interface MigrationPlan {
  /** Migrations to apply, in version order. */
  readonly pending: readonly Migration[];
  /** Recorded migrations newer than this build's newest file. */
  readonly newer: readonly AppliedMigration[];
}

export function planMigrations(known: readonly Migration[], applied: readonly AppliedMigration[]): MigrationPlan {
  const byVersion = new Map(known.map((migration) => [migration.version, migration]));
  const newestKnown = Math.max(0, ...known.map((migration) => migration.version));
  const newer: AppliedMigration[] = [];
  for (const record of applied) {
    const file = byVersion.get(record.version);
    if (file === undefined) {
      if (record.version < newestKnown) throw mismatch(`the database has migration ${record.name}, which this build does not ship (was its file deleted?)`);
      newer.push(record);
    } else if (file.checksum !== record.checksum) {
      throw mismatch(
        `migration ${file.name} was edited after it was applied (recorded sha256 ${record.checksum.slice(0, 12)}, ` +
          `file ${file.checksum.slice(0, 12)}); restore the file and put the change in a new migration`,
      );
    }
  }
  const recorded = new Set(applied.map((record) => record.version));
  const pending = known.filter((migration) => !recorded.has(migration.version)).sort((a, b) => a.version - b.version);
  const newestApplied = applied.reduce<AppliedMigration | undefined>(
    (newest, record) => (newest === undefined || record.version > newest.version ? record : newest), undefined);
  const early = pending.find((migration) => newestApplied !== undefined && migration.version < newestApplied.version);
  if (early !== undefined && newestApplied !== undefined) {
    throw mismatch(`migration ${early.name} is new but the database already has the later ${newestApplied.name}; give it a version after ${newestApplied.version}`);
  }
  return { pending, newer };
}

function mismatch(message: string): StoreError {
  return new StoreError('SCHEMA_MISMATCH', message);
}
