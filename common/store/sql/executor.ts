// The seam between the store's SQL and a database driver. node-postgres and
// embedded PGlite both implement it, so the store, the migration runner and
// every statement are written once and run unchanged on TimescaleDB, plain
// PostgreSQL and PGlite.
//
// Parameters are strings (decimals, integers and arrays travel as their text
// form and are cast in SQL), booleans or NULL; columns a
// statement returns are text or boolean, cast in SQL, because the drivers
// disagree on how they decode numeric and int8 but never on text.

import type { CandleColumns } from '../candle-columns.js';
import type { SeriesKey } from '../candle-store.js';
import type { LineRows } from './line-rows.js';

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

/** Reads whose rows are one non-null text column, taken as raw bytes (line-rows.ts). */
export interface LineReader {
  queryLines(statement: SqlStatement, params: readonly SqlParam[]): Promise<LineRows>;
}

export type SqlEngine = 'postgres' | 'pglite';

/** A field-by-field candle read (READ_*_FIELDS) decoded straight into columns: its first `limit` rows, oldest first. */
export interface CandleFieldsRead {
  readonly columns: CandleColumns;
  /** Rows the statement returned (limit + 1 means more follow). */
  readonly rows: number;
}

export interface SqlExecutor extends SqlSession, LineReader {
  readonly engine: SqlEngine;
  /**
   * Runs a READ_*_FIELDS statement, when the engine reads those cheaper
   * than lines (PGlite and PostgreSQL, both over the raw wire protocol);
   * absent otherwise, and callers read lines.
   */
  readonly queryCandleFields?: (
    statement: SqlStatement, params: readonly SqlParam[], key: SeriesKey, limit: number, newestFirst: boolean,
  ) => Promise<CandleFieldsRead>;
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
