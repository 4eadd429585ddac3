// Which candle store an API service reads, declared once for the services
// that serve candles: PostgreSQL/TimescaleDB at DATABASE_URL, or the embedded
// PGlite database under --data-dir (the data directory `wick start` uses).
import { databaseUrl, int, setting, str } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { Registry } from '../metrics/index.js';
import { databaseSchema, PgCandleStore, PgliteCandleStore, type CandleStore } from '../store/index.js';

export const storeSettings = {
  databaseUrl,
  databaseSchema,
  dataDir: setting({
    flag: 'data-dir',
    env: 'WICK_DATA_DIR',
    description: 'Read candles from the embedded database (PGlite) in this directory instead of PostgreSQL at --database-url.',
    parser: str({ hint: 'dir' }),
  }),
  databasePool: setting({
    flag: 'database-pool',
    env: 'WICK_DATABASE_POOL',
    description: 'PostgreSQL connections kept open for reads.',
    parser: int({ min: 1, max: 200 }),
    default: 10,
  }),
} as const;

export interface StoreConfig {
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly dataDir: string | undefined;
  readonly databasePool: number;
}

/**
 * Opens the configured store. PostgreSQL must have been migrated (`wick
 * migrate`); the embedded database migrates itself, and only one process may
 * open its directory.
 */
export function openConfiguredStore(config: StoreConfig, service: string, logger: Logger, registry: Registry): Promise<CandleStore> {
  if (config.dataDir !== undefined) {
    return PgliteCandleStore.open({ dataDir: config.dataDir, schema: config.databaseSchema, logger, registry });
  }
  return PgCandleStore.open({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    logger,
    registry,
    poolSize: config.databasePool,
    applicationName: `wick ${service}`,
  });
}
