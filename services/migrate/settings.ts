// The `wick migrate` command line: where the database is, which schema to
// bring up to date, and how long to wait for another run's lock.
import { databaseUrl, duration, logLevel, setting, type CommandDoc } from '../../common/config/index.js';
import { databaseSchema } from '../../common/store/settings.js';

export const migrateDoc: CommandDoc = {
  usage: 'wick migrate [--database-url URL] [--database-schema NAME] [--lock-timeout DURATION]',
  summary:
    "Applies wick's pending database migrations (timescale/migrations) and exits. Safe to run from several " +
    'processes at once: they take turns under an advisory lock, and each migration is applied once.',
  details: [
    'Uses TimescaleDB (hypertable, compression, retention job) when the server offers the extension, and plain',
    'PostgreSQL tables otherwise. Refuses to run when an applied migration file was edited.',
    'Exit codes: 0 up to date, 1 the database refused or could not be reached, 2 bad command line.',
  ].join('\n'),
};

export const migrateSettings = {
  databaseUrl,
  databaseSchema,
  lockTimeout: setting({
    flag: 'lock-timeout',
    env: 'WICK_MIGRATE_LOCK_TIMEOUT',
    description: 'How long to wait while another wick migrate holds the migration lock.',
    parser: duration({ minMs: 1_000, maxMs: 3_600_000 }),
    default: 600_000,
  }),
  logLevel,
};
