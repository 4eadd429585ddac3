// SqlExecutor over a node-postgres Pool. Statements run as named prepared
// statements (parsed and planned once per connection). Every connection's
// search_path starts with the store's schema, so the unqualified names in
// the SQL resolve there, then to public (where TimescaleDB's functions live).
// Candle reads go field by field over the raw protocol (pg-candle-fields.ts).
import pg from 'pg';
import type { Logger } from '../../log/index.js';
import type { SeriesKey } from '../candle-store.js';
import type { CandleFieldsRead, SqlExecutor, SqlParam, SqlSession, SqlStatement } from '../sql/executor.js';
import { lineRowsFromStrings, type LineRows } from '../sql/line-rows.js';
import { LINES_OF_FIELDS } from '../sql/reads.js';
import { candleColumns } from '../sql/rows.js';
import { PgStatementError, readCandleFields } from './pg-candle-fields.js';
import { describeTarget, toStoreError } from './pg-errors.js';
import { RawExchangeUnsupported } from './raw-exchange.js';

export interface PgExecutorOptions {
  readonly connectionString: string;
  /** Schema holding the store's tables; validated by checkSchemaName. */
  readonly schema: string;
  readonly logger: Logger;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
  /** Upper bound on opening one connection; default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Upper bound on one statement; default 60 s (rollups over years of minutes). */
  readonly statementTimeoutMs?: number;
  readonly applicationName?: string;
}

export function createPgExecutor(options: PgExecutorOptions): SqlExecutor {
  const target = describeTarget(options.connectionString);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    application_name: options.applicationName ?? 'wick',
    options: `-c search_path=${options.schema},public`,
  });
  // An idle connection dropped by the server emits 'error' on the pool;
  // without a listener that would crash the process. The pool replaces the
  // connection on the next checkout, so logging is all there is to do.
  pool.on('error', (error) => {
    options.logger.warn({ err: error, target }, 'idle PostgreSQL connection failed; the pool will reconnect');
  });

  const sessionOf = (client: pg.ClientBase): SqlSession => ({
    query: (statement, params) => run(() => queryRows(client, statement, params)),
    exec: async (script) => {
      await run(() => client.query(script));
    },
  });
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toStoreError(error, target);
    }
  };

  // Cleared if this node-postgres turns out not to allow raw reads: candle reads then go as lines.
  let rawReads = true;
  const candleFields = async (
    statement: SqlStatement, params: readonly SqlParam[], key: SeriesKey, limit: number, newestFirst: boolean,
  ): Promise<CandleFieldsRead> => {
    const lines = LINES_OF_FIELDS.get(statement.name);
    if (!rawReads && lines !== undefined) {
      const rows = await queryLines(pool, lines, params);
      return { columns: candleColumns(key, rows, limit, newestFirst), rows: rows.count };
    }
    const client = await pool.connect();
    let read: CandleFieldsRead | undefined;
    let failure: unknown;
    try {
      read = await readCandleFields(client, statement, params, key, limit, newestFirst);
    } catch (error) {
      failure = error;
    }
    // PostgreSQL refusing a statement leaves the connection as it was; any other failure may not: destroyed.
    client.release(failure === undefined || failure instanceof PgStatementError || failure instanceof RawExchangeUnsupported ? undefined : true);
    if (read !== undefined) return read;
    if (failure instanceof RawExchangeUnsupported && lines !== undefined) {
      rawReads = false;
      options.logger.warn({ err: failure, target }, 'node-postgres does not allow raw candle reads here; reading candles as lines (slower)');
      return candleFields(statement, params, key, limit, newestFirst);
    }
    throw failure;
  };

  return {
    engine: 'postgres',
    query: (statement, params) => run(() => queryRows(pool, statement, params)),
    queryLines: (statement, params) => run(() => queryLines(pool, statement, params)),
    queryCandleFields: (statement, params, key, limit, newestFirst) => run(() => candleFields(statement, params, key, limit, newestFirst)),
    exec: async (script) => {
      await run(() => pool.query(script));
    },
    async withSession(work) {
      const client = await run(() => pool.connect());
      let broken: unknown;
      try {
        return await work(sessionOf(client));
      } catch (error) {
        broken = error;
        throw error;
      } finally {
        // A session that failed may hold locks or an open transaction:
        // destroy it rather than hand it to the next caller.
        client.release(broken === undefined ? undefined : true);
      }
    },
    close: () => pool.end(),
  };
}

async function queryRows<Row extends object>(
  client: pg.Pool | pg.ClientBase,
  statement: SqlStatement,
  params: readonly SqlParam[] = [],
): Promise<Row[]> {
  const result = await client.query<Row>({ name: statement.name, text: statement.text, values: [...params] });
  return result.rows;
}

/** Rows as arrays (no per-row object keyed by column name), their one column packed into LineRows. */
async function queryLines(pool: pg.Pool, statement: SqlStatement, params: readonly SqlParam[]): Promise<LineRows> {
  const result = await pool.query<[string]>({ name: statement.name, text: statement.text, values: [...params], rowMode: 'array' });
  return lineRowsFromStrings(result.rows.map((row) => row[0]));
}
