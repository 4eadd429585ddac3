// Public API of the candle store; see candle-store.ts for the interface and
// timescale/README.md for the schema, modes and migrations.
export {
  MAX_PAGE_LIMIT,
  type Bar, type BarPage, type CandlePage, type CandleStore, type LatestQuery, type RangeQuery, type RollupQuery,
  type SeriesInfo, type SeriesKey, type StoreMode, type UpsertResult,
} from './candle-store.js';
export { candleAt, candlesOf, DECIMAL_FIELDS, type CandleColumns, type CandleColumnsPage, type DecimalField } from './candle-columns.js';
export { SERVICE_CONNECT_RETRY, type ConnectRetryPolicy } from './connect-retry.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { applyMigrations, verifyMigrations, type MigrateOptions, type MigrationOutcome } from './migrations/runner.js';
export { PgCandleStore, type PgCandleStoreOptions } from './pg-candle-store.js';
export { DEFAULT_DATA_DIR, PgliteCandleStore, type PgliteCandleStoreOptions } from './pglite-candle-store.js';
export { checkSchemaName, databaseSchema } from './settings.js';
