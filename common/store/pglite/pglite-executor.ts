// SqlExecutor over embedded PGlite (PostgreSQL compiled to WebAssembly, one
// connection in this process). The store's SQL runs on it unchanged.
//
// PGlite has a single session, so "a session held for the duration" means
// exclusive use of the database: every statement goes through one queue,
// and withSession() holds the queue until its work is done, so a migration's
// BEGIN ... COMMIT never interleaves with other callers' statements.
//
// Line reads (candle pages) speak the wire protocol to PGlite directly when
// the database offers it (../sql/wire-protocol.ts), under PGlite's own locks, so they
// never interleave with another user of the same instance either.
import { StoreError } from '../errors.js';
import type { SqlExecutor, SqlParam, SqlSession, SqlStatement } from '../sql/executor.js';
import type { SeriesKey } from '../candle-store.js';
import { lineRowsFromStrings } from '../sql/line-rows.js';
import { CANDLE_FIELD_FORMATS, candleColumnsOfDataRows } from './candle-data-rows.js';
import { bindMessage, concat, EXECUTE_AND_SYNC, lineRowsOf, parseMessage, readAnswer, type DataRows, type WireError } from '../sql/wire-protocol.js';

/**
 * The part of a PGlite instance the executor uses. Production passes
 * @electric-sql/pglite; tests may pass a build with TimescaleDB compiled in.
 */
export interface PgliteDatabase extends Partial<RawProtocol> {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * PGlite's raw protocol access and the two locks its own query() takes
 * (a PGlite instance has all three). Without them, line reads go through
 * query(), correct but several times slower for a page of 1,000 candles.
 */
export interface RawProtocol {
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (bytes: Uint8Array) => void }): Promise<void>;
  _runExclusiveTransaction<T>(work: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(work: () => Promise<T>): Promise<T>;
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
  const raw = rawProtocolOf(db);
  const wire = raw === undefined ? undefined : wireReader(raw);
  const lines = wire === undefined
    ? (statement: SqlStatement, params: readonly SqlParam[]) => guard(async () =>
      lineRowsFromStrings((await db.query<Record<string, string>>(statement.text, [...params])).rows.map(onlyColumn)))
    : async (statement: SqlStatement, params: readonly SqlParam[]) => guard(async () => lineRowsOf(await wire(statement, params, [])));
  return {
    engine: 'pglite',
    query: (statement, params) => queue.run(() => session.query(statement, params)),
    queryLines: (statement, params) => queue.run(() => lines(statement, params)),
    ...(wire === undefined ? {} : {
      queryCandleFields: (statement: SqlStatement, params: readonly SqlParam[], key: SeriesKey, limit: number, newestFirst: boolean) =>
        queue.run(() => guard(async () => {
          const data = await wire(statement, params, CANDLE_FIELD_FORMATS);
          return { columns: candleColumnsOfDataRows(key, data, limit, newestFirst), rows: data.count };
        })),
    }),
    exec: (script) => queue.run(() => session.exec(script)),
    withSession: (work) => queue.run(() => work(session)),
    close: () => queue.run(() => db.close()),
  };
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Already ours (a failed wire read, an undecodable row): as it is.
    if (error instanceof StoreError) throw error;
    const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
    const state = typeof code === 'string' ? ` (SQLSTATE ${code})` : '';
    throw new StoreError('QUERY_FAILED', `PGlite: ${typeof message === 'string' ? message : String(error)}${state}`, { cause: error });
  }
}

function onlyColumn(row: Record<string, string>): string {
  for (const key in row) return row[key] as string;
  throw new Error('a line read returned a row without columns');
}

/** The database's raw protocol access, when it has all of it (a PGlite instance does). */
export function rawProtocolOf(db: PgliteDatabase): RawProtocol | undefined {
  const { execProtocolRawStream, _runExclusiveTransaction, _runExclusiveQuery } = db;
  if (execProtocolRawStream === undefined || _runExclusiveTransaction === undefined || _runExclusiveQuery === undefined) return undefined;
  return {
    execProtocolRawStream: execProtocolRawStream.bind(db),
    _runExclusiveTransaction: _runExclusiveTransaction.bind(db),
    _runExclusiveQuery: _runExclusiveQuery.bind(db),
  };
}

/** SQLSTATEs of a prepared statement missing (e.g. after DISCARD ALL) or already there (an earlier Parse whose Execute failed). */
const STATEMENT_MISSING = '26000';
const STATEMENT_EXISTS = '42P05';

type WireRead = (statement: SqlStatement, params: readonly SqlParam[], formats: readonly number[]) => Promise<DataRows>;

/** Reads over the wire protocol: each statement prepared once (by name), then Bind, Execute and Sync per read. */
function wireReader(raw: RawProtocol): WireRead {
  const prepared = new Set<string>();
  const exchange = (message: Uint8Array) => raw._runExclusiveTransaction(() => raw._runExclusiveQuery(async () => {
    const answer = new AnswerBuffer();
    // The chunks are views of PGlite's memory, valid only during the call: copied at once.
    await raw.execProtocolRawStream(message, { onRawData: (chunk) => answer.append(chunk) });
    return readAnswer(answer.bytes());
  }));
  return async (statement, params, formats) => {
    for (let attempt = 0; ; attempt += 1) {
      const known = prepared.has(statement.name);
      const bind = bindMessage(statement.name, params, formats);
      const answer = await guard(() => exchange(concat(known ? [bind, EXECUTE_AND_SYNC] : [parseMessage(statement.name, statement.text), bind, EXECUTE_AND_SYNC])));
      if (answer.ok) {
        prepared.add(statement.name);
        return answer.data;
      }
      const { code } = answer.error;
      if (attempt === 0 && ((known && code === STATEMENT_MISSING) || (!known && code === STATEMENT_EXISTS))) {
        if (known) prepared.delete(statement.name);
        else prepared.add(statement.name);
        continue;
      }
      throw wireError(answer.error);
    }
  };
}

function wireError(error: WireError): StoreError {
  const state = error.code === '' ? '' : ` (SQLSTATE ${error.code})`;
  return new StoreError('QUERY_FAILED', `PGlite: ${error.message}${state}`);
}

/** The bytes of one answer, gathered from PGlite's chunks. */
class AnswerBuffer {
  private buffer = new Uint8Array(256 * 1024);
  private length = 0;

  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(2 * this.buffer.length, this.length + chunk.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
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
