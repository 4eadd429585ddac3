// The store's one error type with a closed list of codes, so callers branch
// on `code` (an RPC edge maps INVALID_QUERY to INVALID_ARGUMENT, UNREACHABLE
// to UNAVAILABLE) and print `message`, which is always a single line.

export type StoreErrorCode =
  /** A candle handed to upsert breaks the schema's rules (bad decimal, time, interval...). */
  | 'INVALID_CANDLE'
  /** A read or rollup query is malformed (bad limit, bucket, range or cursor). */
  | 'INVALID_QUERY'
  /** The database cannot be reached or refused the connection. */
  | 'UNREACHABLE'
  /** The database schema is not what this build expects (pending, edited or unknown migrations). */
  | 'SCHEMA_MISMATCH'
  /** A migration failed to apply, or the migration lock could not be taken in time. */
  | 'MIGRATION_FAILED'
  /** Another live process has the embedded database's data directory open. */
  | 'DATA_DIR_LOCKED'
  /** A statement failed for another reason; the driver's error is the cause. */
  | 'QUERY_FAILED';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message.replace(/\s*\n\s*/g, ' '), options);
  }
}
