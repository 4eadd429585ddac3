// The rows of a statement that returns one text column, as the raw bytes of
// that column back to back with each row's bounds. Candle reads take their
// rows in this form (see rows.ts): a page of 1,000 candles then costs no
// per-row string, array or object in the driver or in the store, and the
// decimals' bytes go from the database's output to the response unchanged.

export interface LineRows {
  /** Rows in the statement's order. */
  readonly count: number;
  /** UTF-8 text of every row, back to back. */
  readonly bytes: Uint8Array;
  /** Row i spans bytes[bounds[2i], bounds[2i + 1]). */
  readonly bounds: Uint32Array;
}

const encoder = new TextEncoder();

/** LineRows from rows a driver already decoded to strings (one per row, never null). */
export function lineRowsFromStrings(lines: readonly string[]): LineRows {
  let chars = 0;
  for (const line of lines) chars += line.length;
  // Sized for ASCII (candle lines are), grown if a line is not.
  let bytes = new Uint8Array(chars);
  const bounds = new Uint32Array(2 * lines.length);
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    bounds[2 * index] = offset;
    const done = encoder.encodeInto(line, bytes.subarray(offset));
    const { read } = done;
    let { written } = done;
    if (read < line.length) {
      // A UTF-16 unit takes at most 3 UTF-8 bytes: room for the rest of this line and every later one.
      const grown = new Uint8Array(offset + written + 3 * (chars - read));
      grown.set(bytes.subarray(0, offset + written));
      bytes = grown;
      written += encoder.encodeInto(line.slice(read), bytes.subarray(offset + written)).written;
    }
    chars -= line.length;
    offset += written;
    bounds[2 * index + 1] = offset;
  }
  return { count: lines.length, bytes: bytes.subarray(0, offset), bounds };
}
