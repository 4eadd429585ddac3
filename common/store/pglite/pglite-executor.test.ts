// Line reads over PGlite's wire protocol: the same rows as query(), the
// statement prepared again when it went missing, errors as StoreErrors, and
// no interleaving with another user's transaction on the same instance.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import type { SqlExecutor } from '../sql/executor.js';
import { createPgliteExecutor } from './pglite-executor.js';
import { readAnswer } from '../sql/wire-protocol.js';

const LINES = { name: 'test_lines_v1', text: `SELECT concat_ws(',', n, $1::text) AS line FROM generate_series(1, $2::int) AS n ORDER BY n` };
const text = (bytes: Uint8Array, bounds: Uint32Array, count: number) =>
  Array.from({ length: count }, (_, index) => new TextDecoder().decode(bytes.subarray(bounds[2 * index], bounds[2 * index + 1])));

describe('PGlite line reads', () => {
  let db: PGlite;
  let executor: SqlExecutor;
  beforeAll(async () => {
    db = await PGlite.create();
    executor = await createPgliteExecutor(db, 'public');
  });
  afterAll(() => executor.close());

  it('returns every row of the one text column, in order', async () => {
    const rows = await executor.queryLines(LINES, ['x€', '3']);
    expect(text(rows.bytes, rows.bounds, rows.count)).toEqual(['1,x€', '2,x€', '3,x€']);
    const none = await executor.queryLines(LINES, ['x', '0']);
    expect(none.count).toBe(0);
  });

  it('prepares the statement again when the session lost it', async () => {
    await executor.queryLines(LINES, ['a', '1']);
    await db.exec('DEALLOCATE ALL');
    const rows = await executor.queryLines(LINES, ['b', '2']);
    expect(text(rows.bytes, rows.bounds, rows.count)).toEqual(['1,b', '2,b']);
  });

  it('reports a failed statement as a StoreError with its SQLSTATE, and keeps working', async () => {
    const failed = executor.queryLines({ name: 'test_lines_bad_v1', text: 'SELECT (1 / $1::int)::text' }, ['0']);
    await expect(failed).rejects.toThrow(StoreError);
    await expect(failed).rejects.toThrow(/^PGlite: division by zero \(SQLSTATE 22012\)$/);
    expect((await executor.queryLines(LINES, ['c', '1'])).count).toBe(1);
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('waits for another user\'s transaction on the same instance instead of running inside it', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS marks (n int)');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO marks VALUES (1)');
      await held;
      await tx.query('INSERT INTO marks VALUES (2)');
    });
    const read = executor.queryLines({ name: 'test_marks_v1', text: 'SELECT count(*)::text FROM marks' }, []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await transaction;
    const rows = await read;
    expect(text(rows.bytes, rows.bounds, rows.count)).toEqual(['2']);
  });
});

describe('readAnswer', () => {
  it('rejects a truncated message', () => {
    expect(() => readAnswer(Uint8Array.from([0x44, 0, 0, 0, 40, 0, 1]))).toThrow(/truncated/);
  });
});
