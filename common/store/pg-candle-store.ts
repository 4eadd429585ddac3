// The candle store on PostgreSQL or TimescaleDB through node-postgres.
import { Registry } from '../metrics/index.js';
import { SERVICE_CONNECT_RETRY, retryWhileUnreachable, type ConnectRetryPolicy } from './connect-retry.js';
import { prepareStore, type CommonStoreOptions } from './open-store.js';
import { createPgExecutor } from './pg/pg-executor.js';
import { checkSchemaName } from './settings.js';
import { PING } from './sql/reads.js';
import { SqlCandleStore } from './sql-candle-store.js';

export interface PgCandleStoreOptions extends CommonStoreOptions {
  /** postgres:// URL (DATABASE_URL). */
  readonly databaseUrl: string;
  /** Schema of the store's tables; default public. */
  readonly schema?: string;
  /**
   * apply: run pending migrations at start (safe with many pods: they take
   * turns under an advisory lock). verify (default): refuse to start unless
   * `wick migrate` has brought the schema up to date.
   */
  readonly migrations?: 'apply' | 'verify';
  /** Retry while the database is unreachable; default SERVICE_CONNECT_RETRY, false for one attempt. */
  readonly connectRetry?: ConnectRetryPolicy | false;
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
}

export class PgCandleStore extends SqlCandleStore {
  static async open(options: PgCandleStoreOptions): Promise<PgCandleStore> {
    const schema = checkSchemaName(options.schema ?? 'public');
    const executor = createPgExecutor({
      connectionString: options.databaseUrl,
      schema,
      logger: options.logger,
      poolSize: options.poolSize,
      connectTimeoutMs: options.connectTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs,
      applicationName: options.applicationName,
    });
    const registry = options.registry ?? new Registry();
    try {
      const policy = options.connectRetry === false ? { attempts: 1, firstDelayMs: 0, maxDelayMs: 0 } : options.connectRetry ?? SERVICE_CONNECT_RETRY;
      await retryWhileUnreachable(() => executor.query(PING), policy, options.logger, registry);
      const prepared = await prepareStore(executor, { ...options, registry, schema, migrations: options.migrations ?? 'verify' });
      return new PgCandleStore(executor, { ...prepared, maxBatchSize: options.maxBatchSize, writeConcurrency: options.writeConcurrency });
    } catch (error) {
      await executor.close().catch(() => undefined);
      throw error;
    }
  }
}
