// Errors of the candle package. The list of codes is closed; each message
// names the bad value so a user can fix the flag or the data at once.

export type CandleErrorCode =
  /** An interval name that is not one of Binance's 16. */
  | 'invalid-interval'
  /** A time-zone offset outside Binance's rule (-12:00..+14:00). */
  | 'invalid-timezone'
  /** An engine or rollup option out of range. */
  | 'invalid-option'
  /** A rollup whose source interval does not divide the target, or misaligned input. */
  | 'invalid-rollup'
  /** A snapshot of another version, malformed, or not matching the engine it is restored into. */
  | 'invalid-snapshot';

export class CandleError extends Error {
  override readonly name = 'CandleError';

  constructor(
    readonly code: CandleErrorCode,
    message: string,
  ) {
    super(message);
  }
}
