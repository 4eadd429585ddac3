// Errors of the decimal module. The list of codes is closed: a caller can
// switch on `code` and show `message`, which always quotes the offending text.

export type DecimalErrorCode =
  /** Not a decimal at all: empty, a sign where none is allowed, letters, "1e5", ".5", "5.". */
  | 'malformed'
  /** A well-formed decimal outside what the fast fixed-point path holds (see fixed.ts). */
  | 'out-of-range'
  /** An operation that has no exact answer, such as a negative scale. */
  | 'invalid-argument';

export class DecimalError extends Error {
  override readonly name = 'DecimalError';

  constructor(
    readonly code: DecimalErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Quotes user text in messages, shortened so a huge bad value cannot flood a log line. */
export function quoteText(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(shown);
}
