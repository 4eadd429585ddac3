// Field-by-field candle reads (READ_*_FIELDS) on PostgreSQL, over the raw
// protocol on a pooled node-postgres connection (raw-exchange.ts): the
// timestamps and integers in binary, the decimals as NUMERIC's text, the
// rows turned into columns where they landed. The same decoding as PGlite's
// (../pglite/candle-data-rows.ts), since it is the same protocol.
//
// Measured on PostgreSQL 15 for the latest 1,000 1m candles, against the
// line read through the driver (one text column per row): about 40% less
// time per read, from less server formatting (binary timestamps and
// integers) and no per-row string in the driver or in the store.
import type pg from 'pg';
import type { SeriesKey } from '../candle-store.js';
import { CANDLE_FIELD_FORMATS, candleColumnsOfDataRows } from '../pglite/candle-data-rows.js';
import { bindMessage, concat, EXECUTE_AND_SYNC, parseMessage } from '../sql/wire-protocol.js';
import type { CandleFieldsRead, SqlParam, SqlStatement } from '../sql/executor.js';
import { exchangeRaw, PgServerError } from './raw-exchange.js';
import type { WireAnswer } from './wire-answer.js';

/** SQLSTATEs of a prepared statement missing (DISCARD ALL, DEALLOCATE) or already there (prepared by someone else). */
const STATEMENT_MISSING = '26000';
const STATEMENT_EXISTS = '42P05';

/** PostgreSQL refused the statement and is ready for the next one: the connection is fine. */
export class PgStatementError extends PgServerError {
  override readonly name = 'PgStatementError';
}

/** The statements prepared on each connection by these reads (the driver keeps its own list for its own statements). */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/** Runs a READ_*_FIELDS statement on `client` and decodes its first `limit` rows into columns, oldest first. */
export async function readCandleFields(
  client: pg.ClientBase, statement: SqlStatement, params: readonly SqlParam[], key: SeriesKey, limit: number, newestFirst: boolean,
): Promise<CandleFieldsRead> {
  const answer = await runPrepared(client, statement, params);
  return { columns: candleColumnsOfDataRows(key, answer, limit, newestFirst), rows: answer.count };
}

/** Bind, Execute and Sync of `statement`, with a Parse first when this connection has not prepared it. */
async function runPrepared(client: pg.ClientBase, statement: SqlStatement, params: readonly SqlParam[]): Promise<WireAnswer> {
  let prepared = preparedOn.get(client);
  if (prepared === undefined) {
    prepared = new Set();
    preparedOn.set(client, prepared);
  }
  const bind = bindMessage(statement.name, params, CANDLE_FIELD_FORMATS);
  for (let attempt = 0; ; attempt += 1) {
    const known = prepared.has(statement.name);
    const message = concat(known ? [bind, EXECUTE_AND_SYNC] : [parseMessage(statement.name, statement.text), bind, EXECUTE_AND_SYNC]);
    const answer = await exchangeRaw(client, message);
    if (answer.parsed) prepared.add(statement.name);
    if (answer.error === undefined) return answer;
    const { code } = answer.error;
    if (attempt === 0 && ((known && code === STATEMENT_MISSING) || (!known && code === STATEMENT_EXISTS))) {
      if (known) prepared.delete(statement.name);
      else prepared.add(statement.name);
      continue;
    }
    throw new PgStatementError(answer.error);
  }
}
