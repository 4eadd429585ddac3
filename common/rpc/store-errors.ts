// What a store failure means at the RPC edge: a malformed query is the
// client's to fix (INVALID_ARGUMENT with the store's message), an unreachable
// database is UNAVAILABLE, anything else INTERNAL. The StoreError is kept as
// the cause for the logs; errorInterceptor never sends a cause to a client.
import { WickError } from '../errors/index.js';
import { StoreError } from '../store/index.js';

/** Runs a store call and translates its StoreError, if any. */
export async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateStoreError(error);
  }
}

export function translateStoreError(error: unknown): unknown {
  if (!(error instanceof StoreError)) return error;
  if (error.code === 'INVALID_QUERY') return new WickError('invalid_argument', error.message, { cause: error });
  if (error.code === 'UNREACHABLE') return new WickError('unavailable', 'the candle store is unreachable', { cause: error });
  return new WickError('internal', 'candle store failure', { cause: error });
}
