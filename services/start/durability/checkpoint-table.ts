// Where the embedded mode keeps what Redis and Kafka keep in the distributed
// deployment, so a restart resumes: per trade partition, the preprocessor's
// last checkpoint (meta and symbol states, opaque here) and the trade tail
// that goes with it (the last trade message of each symbol below the
// checkpoint's offset, which tells the collector where to resume). One row
// per partition, replaced by one statement: a row is always a consistent pair.
import type { PgliteDatabase } from '../../../common/store/pglite/pglite-executor.js';

export interface TailMessage {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export interface SavedPartition {
  readonly scope: string;
  readonly topic: string;
  readonly partition: number;
  /** The topic's partition count when saved: keys map to partitions through it. */
  readonly partitions: number;
  readonly meta: string;
  readonly entries: ReadonlyMap<string, string>;
  readonly tail: readonly TailMessage[];
}

interface Row {
  scope: string;
  topic: string;
  partition: number;
  partitions: number;
  meta: string;
  entries: Record<string, string>;
  tail: Array<{ key: string; value: string; headers: Record<string, string>; timestamp: number }>;
}

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS wick_embedded;
CREATE TABLE IF NOT EXISTS wick_embedded.partition_checkpoints (
  scope text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  partitions integer NOT NULL,
  meta text NOT NULL,
  entries jsonb NOT NULL,
  tail jsonb NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, topic, partition)
);`;

const UPSERT = `
INSERT INTO wick_embedded.partition_checkpoints (scope, topic, partition, partitions, meta, entries, tail, saved_at)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, now())
ON CONFLICT (scope, topic, partition) DO UPDATE
SET partitions = EXCLUDED.partitions, meta = EXCLUDED.meta, entries = EXCLUDED.entries, tail = EXCLUDED.tail, saved_at = now()`;

export class CheckpointTable {
  private constructor(private readonly database: PgliteDatabase) {}

  static async open(database: PgliteDatabase): Promise<CheckpointTable> {
    await database.exec(SCHEMA);
    return new CheckpointTable(database);
  }

  async load(): Promise<SavedPartition[]> {
    const { rows } = await this.database.query<Row>(
      'SELECT scope, topic, partition, partitions, meta, entries, tail FROM wick_embedded.partition_checkpoints ORDER BY scope, topic, partition',
    );
    return rows.map((row) => ({
      scope: row.scope,
      topic: row.topic,
      partition: row.partition,
      partitions: row.partitions,
      meta: row.meta,
      entries: new Map(Object.entries(row.entries)),
      tail: row.tail.map((message) => ({ ...message, value: Buffer.from(message.value, 'base64') })),
    }));
  }

  async save(saved: SavedPartition): Promise<void> {
    const tail = saved.tail.map((message) => ({ ...message, value: Buffer.from(message.value).toString('base64') }));
    await this.database.query(UPSERT, [
      saved.scope, saved.topic, saved.partition, saved.partitions, saved.meta,
      JSON.stringify(Object.fromEntries(saved.entries)), JSON.stringify(tail),
    ]);
  }

  /** Forgets every partition of a scope (state that can no longer be restored). */
  async clear(scope: string): Promise<void> {
    await this.database.query('DELETE FROM wick_embedded.partition_checkpoints WHERE scope = $1', [scope]);
  }
}
