// `wick migrate`: brings the database schema up to date and exits. Progress
// goes to the JSON log on stdout; any failure is one line on stderr and a
// non-zero exit (2: bad command line, 1: database unreachable or refused).
import type { Writable } from 'node:stream';
import { ConfigError, parseCommandLine, type Environment } from '../../common/config/index.js';
import { createLogger, type Logger } from '../../common/log/index.js';
import { StoreError } from '../../common/store/errors.js';
import { applyMigrations } from '../../common/store/migrations/runner.js';
import { detectMode } from '../../common/store/open-store.js';
import { createPgExecutor } from '../../common/store/pg/pg-executor.js';
import { migrateDoc, migrateSettings } from './settings.js';

export interface MigrateIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Environment;
  /** Tests pass a silent logger; the command writes JSON lines to stdout. */
  readonly logger?: Logger;
}

const PREFIX = 'wick migrate:';

export async function main(args: readonly string[], io: MigrateIo = processIo()): Promise<number> {
  let line;
  try {
    line = parseCommandLine(migrateDoc, migrateSettings, args, io.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(io, error.message, 2);
    throw error;
  }
  if (line.kind === 'help') {
    io.stdout.write(line.text);
    return 0;
  }
  const { config } = line;
  const logger = io.logger ?? createLogger({ service: 'wick-migrate', level: config.logLevel });
  // One connection: the run is sequential, and a pool would only hold more.
  const executor = createPgExecutor({
    connectionString: config.databaseUrl, schema: config.databaseSchema, logger, poolSize: 1, applicationName: 'wick migrate',
  });
  try {
    const outcome = await applyMigrations(executor, { schema: config.databaseSchema, logger, lockTimeoutMs: config.lockTimeout });
    const mode = await detectMode(executor);
    logger.info(
      { applied: outcome.applied, version: outcome.version, schema: config.databaseSchema, mode },
      outcome.applied.length === 0 ? 'database schema already up to date' : `applied ${outcome.applied.length} migration(s)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StoreError) return fail(io, error.message, 1);
    throw error;
  } finally {
    await executor.close().catch(() => undefined);
  }
}

function fail(io: MigrateIo, message: string, code: number): number {
  io.stderr.write(`${PREFIX} ${message}\n`);
  return code;
}

function processIo(): MigrateIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
