// The seam between the store's SQL and a database driver. node-postgres and
// embedded PGlite both implement it, so the store, the migration runner and
// every statement are written once and run unchanged on TimescaleDB, plain
// PostgreSQL and PGlite.
//
// Parameters are strings (decimals, integers and arrays travel as their text
// form and are cast in SQL), booleans or NULL; columns a
// statement returns are text or boolean, cast in SQL, because the drivers
// disagree on how they decode numeric and int8 but never on text.

export type SqlParam = string | boolean | null;

/** A statement with a stable name, so node-postgres prepares it once per connection. */
export interface SqlStatement {
  readonly name: string;
  readonly text: string;
}

export interface SqlSession {
  /** Runs one parameterised statement and returns its rows. */
  query<Row extends object>(statement: SqlStatement, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters (migrations, BEGIN/COMMIT). */
  exec(script: string): Promise<void>;
}

export type SqlEngine = 'postgres' | 'pglite';

export interface SqlExecutor extends SqlSession {
  readonly engine: SqlEngine;
  /**
   * Runs `work` on one connection held for its whole duration and kept from
   * everyone else: session-level advisory locks and explicit transactions
   * need that.
   */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Runs `work` inside BEGIN ... COMMIT on the session, rolling back when it throws. */
export async function inTransaction<T>(session: SqlSession, work: () => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await work();
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
