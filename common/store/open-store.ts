// What opening a store does after the connection answers, for every mode:
// bring the schema up to date (or check it is), find out which mode the
// schema runs in, and report it in the log and the wick_store_mode gauge.
import type { Logger } from '../log/index.js';
import { Registry } from '../metrics/index.js';
import type { StoreMode } from './candle-store.js';
import { StoreMetrics } from './metrics.js';
import { applyMigrations, verifyMigrations } from './migrations/runner.js';
import type { SqlExecutor, SqlStatement } from './sql/executor.js';

export interface CommonStoreOptions {
  readonly logger: Logger;
  /** Where the store's metrics go; a private registry when absent. */
  readonly registry?: Registry;
  /** Candles per upsert statement (see DEFAULT_MAX_BATCH). */
  readonly maxBatchSize?: number;
  /** Upsert statements of one batch in flight at once (see DEFAULT_WRITE_CONCURRENCY). */
  readonly writeConcurrency?: number;
}

export interface PreparedStore {
  readonly mode: StoreMode;
  readonly metrics: StoreMetrics;
}

const IS_HYPERTABLE: SqlStatement = { name: 'wick_store_is_hypertable_v1', text: 'SELECT candles_is_hypertable() AS hypertable' };

export async function prepareStore(
  executor: SqlExecutor,
  options: CommonStoreOptions & { readonly schema: string; readonly migrations: 'apply' | 'verify' },
): Promise<PreparedStore> {
  if (options.migrations === 'apply') await applyMigrations(executor, { schema: options.schema, logger: options.logger });
  else await verifyMigrations(executor, { schema: options.schema });
  const mode = await detectMode(executor);
  const metrics = new StoreMetrics(options.registry ?? new Registry());
  metrics.reportMode(mode);
  options.logger.info({ mode, schema: options.schema }, `candle store ready (${mode} mode)`);
  return { mode, metrics };
}

/** timescaledb when candles is a hypertable, otherwise the engine's plain mode. */
export async function detectMode(executor: SqlExecutor): Promise<StoreMode> {
  const [row] = await executor.query<{ hypertable: boolean }>(IS_HYPERTABLE);
  if (row?.hypertable === true) return 'timescaledb';
  return executor.engine === 'pglite' ? 'pglite' : 'postgres';
}
