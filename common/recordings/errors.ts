// Errors raised while reading a recording. Every message is one line that
// names the file and, for a bad row, its line number, so a user can open the
// file at the right place: `data.csv:42: price "1.2.3" is not a decimal`.

export type RecordingErrorCode =
  /** A row that does not parse: wrong field count, bad number, bad JSON. */
  | 'malformed-row'
  /** The file's first non-empty line matches none of the known layouts. */
  | 'unknown-format'
  /** The file cannot be opened or read. */
  | 'io';

export class RecordingError extends Error {
  override readonly name = 'RecordingError';

  constructor(
    readonly code: RecordingErrorCode,
    readonly file: string,
    /** 1-based line number; 0 when the error is about the whole file. */
    readonly line: number,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`, options);
  }
}

/**
 * Thrown by the row parsers, which know neither the file nor the line; the
 * reader turns it into a RecordingError carrying both.
 */
export class RowError extends Error {
  override readonly name = 'RowError';
}
