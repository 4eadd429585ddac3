// The error type of wick's own code. It carries a code from the closed list
// and the underlying cause, so logs keep the whole chain while the RPC edge
// decides from the code alone what a client may see.
import type { WickErrorCode } from './codes.js';

export interface WickErrorOptions {
  /** The error this one explains; logged, never sent to a client. */
  readonly cause?: unknown;
  /** Structured context for logs (symbol, topic, offset), never sent to a client. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export class WickError extends Error {
  override readonly name = 'WickError';
  readonly details: Readonly<Record<string, unknown>>;

  /**
   * For client-facing codes (invalid_argument, not_found, ...) write the
   * message for the API user; for the others it only reaches the logs.
   */
  constructor(
    readonly code: WickErrorCode,
    message: string,
    options: WickErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}

export function isWickError(error: unknown, code?: WickErrorCode): error is WickError {
  return error instanceof WickError && (code === undefined || error.code === code);
}
