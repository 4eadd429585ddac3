// SqlExecutor over embedded PGlite (PostgreSQL compiled to WebAssembly, one
// connection in this process). The store's SQL runs on it unchanged.
//
// PGlite has a single session, so "a session held for the duration" means
// exclusive use of the database: every statement goes through one queue,
// and withSession() holds the queue until its work is done, so a migration's
// BEGIN ... COMMIT never interleaves with other callers' statements.
import { StoreError } from '../errors.js';
import type { SqlExecutor, SqlParam, SqlSession, SqlStatement } from '../sql/executor.js';

/**
 * The part of a PGlite instance the executor uses. Production passes
 * @electric-sql/pglite; tests may pass a build with TimescaleDB compiled in.
 */
export interface PgliteDatabase {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function createPgliteExecutor(db: PgliteDatabase, schema: string): Promise<SqlExecutor> {
  const queue = new SerialQueue();
  const session: SqlSession = {
    query: <Row extends object>(statement: SqlStatement, params: readonly SqlParam[] = []) =>
      guard(async () => (await db.query<Row>(statement.text, [...params])).rows),
    exec: (script) => guard(async () => {
      await db.exec(script);
    }),
  };
  // Schema names are validated identifiers (checkSchemaName); the schema may
  // not exist yet, which search_path tolerates until migrations create it.
  await queue.run(() => session.exec(`SET search_path TO "${schema}", public`));
  return {
    engine: 'pglite',
    query: (statement, params) => queue.run(() => session.query(statement, params)),
    exec: (script) => queue.run(() => session.exec(script)),
    withSession: (work) => queue.run(() => work(session)),
    close: () => queue.run(() => db.close()),
  };
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
    const state = typeof code === 'string' ? ` (SQLSTATE ${code})` : '';
    throw new StoreError('QUERY_FAILED', `PGlite: ${typeof message === 'string' ? message : String(error)}${state}`, { cause: error });
  }
}

/** Runs tasks one at a time in submission order; a failed task does not stop the next. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
