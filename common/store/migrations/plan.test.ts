import { describe, expect, it } from 'vitest';
import { sha256, type Migration } from './migration-files.js';
import { planMigrations, type AppliedMigration } from './plan.js';

function file(version: number, sql = `-- ${version}`): Migration {
  return { version, name: `${String(version).padStart(4, '0')}_step.sql`, sql, checksum: sha256(sql) };
}

function record(migration: Migration): AppliedMigration {
  return { version: migration.version, name: migration.name, checksum: migration.checksum };
}

const files = [file(1), file(2), file(3)];

describe('planMigrations', () => {
  it('applies everything to a fresh database, in version order', () => {
    expect(planMigrations([files[2], files[0], files[1]] as Migration[], []).pending).toEqual(files);
  });

  it('applies only what is missing and nothing when up to date', () => {
    expect(planMigrations(files, files.slice(0, 1).map(record)).pending).toEqual(files.slice(1));
    expect(planMigrations(files, files.map(record))).toEqual({ pending: [], newer: [] });
  });

  it('refuses when an applied migration was edited, naming the file', () => {
    const edited = [file(1, '-- 1 changed'), file(2), file(3)];
    expect(() => planMigrations(edited, files.map(record))).toThrow(
      /^migration 0001_step\.sql was edited after it was applied \(recorded sha256 [0-9a-f]{12}, file [0-9a-f]{12}\)/,
    );
    expect(() => planMigrations(edited, files.map(record))).toThrow(expect.objectContaining({ code: 'SCHEMA_MISMATCH' }));
  });

  it('refuses when an applied migration older than the newest file is missing', () => {
    expect(() => planMigrations([file(1), file(3)], files.map(record))).toThrow(/0002_step\.sql, which this build does not ship/);
  });

  it('tolerates migrations newer than this build and reports them', () => {
    const newer = record(file(4));
    expect(planMigrations(files, [...files.map(record), newer])).toEqual({ pending: [], newer: [newer] });
  });

  it('refuses a new migration that sorts before one already applied', () => {
    expect(() => planMigrations(files, [record(files[0] as Migration), record(files[2] as Migration)]))
      .toThrow(/0002_step\.sql is new but the database already has the later 0003_step\.sql/);
  });
});
