// Splits a file into lines, a chunk at a time, so memory stays flat for a
// file of any size: the stream is paused while a batch is being consumed,
// and only one chunk plus one partial line is ever held.
import { createReadStream } from 'node:fs';

export interface LineBatch {
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
  /** Lines without their terminator ("\n" or "\r\n"); empty lines included. */
  readonly lines: readonly string[];
}

export interface LineReadOptions {
  /** Bytes per read; larger chunks mean fewer, bigger batches. */
  readonly chunkBytes?: number;
  /** A line still unterminated after this many characters is an error, not an unbounded buffer. */
  readonly maxLineLength?: number;
}

export class LineTooLongError extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(`line is longer than ${limit} characters`);
  }
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

export async function* readLineBatches(path: string, options: LineReadOptions = {}): AsyncGenerator<LineBatch> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  let carry = '';
  let nextLine = 1;
  let atStart = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = carry + chunk;
      if (atStart) {
        text = stripByteOrderMark(text);
        atStart = false;
      }
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      if (carry.length > maxLineLength) throw new LineTooLongError(nextLine + lines.length, maxLineLength);
      if (lines.length === 0) continue;
      stripCarriageReturns(lines);
      yield { firstLine: nextLine, lines };
      nextLine += lines.length;
    }
    if (carry.length > 0) yield { firstLine: nextLine, lines: stripCarriageReturns([carry]) };
  } finally {
    stream.destroy();
  }
}

function stripCarriageReturns(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  return lines;
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
