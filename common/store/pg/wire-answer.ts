// PostgreSQL's answer to one Bind/Execute/Sync (after an optional Parse),
// gathered from the socket's chunks as they arrive (raw-exchange.ts). The
// messages are framed as the chunks come in, the offsets of the DataRows
// noted on the way, and the answer ends at its ReadyForQuery: nothing in a
// row is decoded or copied into a string, so a candle read turns the bytes
// into columns in one pass afterwards (../pglite/candle-data-rows.ts).
import { Buffer } from 'node:buffer';
import { errorFields, type WireError } from '../sql/wire-protocol.js';

export type { WireError };

/** A complete answer: everything before its ReadyForQuery, then the bytes from ReadyForQuery on. */
export interface WireAnswer {
  /** The answer's bytes (the DataRows' offsets index into them). */
  readonly bytes: Buffer;
  /** DataRows received. */
  readonly count: number;
  /** Row i's column count is at bytes[rows[i]], its columns follow. */
  readonly rows: Uint32Array;
  /** The first ErrorResponse, if any: the statement failed. */
  readonly error?: WireError;
  /** A ParseComplete came: the statement is now prepared on this connection. */
  readonly parsed: boolean;
  /**
   * The ReadyForQuery and whatever followed it in the same chunk: the
   * driver's own parser gets these, so it sees the exchange end as if it
   * had run it.
   */
  readonly rest: Buffer;
}

/** PostgreSQL sent bytes that are not protocol messages: the connection is unusable. */
export class WireProtocolError extends Error {
  override readonly name = 'WireProtocolError';
}

const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const PARSE_COMPLETE = 0x31; // '1'
const READY_FOR_QUERY = 0x5a; // 'Z'
const HEADER = 5;
/** No backend message of a read comes near this; a larger length means the framing is lost. */
const MAX_MESSAGE = 0x4000_0000;

/** Collects one answer from consecutive chunks of the connection's stream. */
export class AnswerReader {
  private readonly chunks: Buffer[] = [];
  /** Bytes in `chunks`. */
  private received = 0;
  /** Offset (from the answer's first byte) of the next message's type byte. */
  private next = 0;
  /** The chunk holding offset `next`, and that chunk's first offset: headers are read left to right. */
  private chunk = 0;
  private chunkStart = 0;
  private rows = new Uint32Array(1_024);
  private count = 0;
  private errorStart = -1;
  private errorEnd = -1;
  private parsed = false;
  /** Where the ReadyForQuery starts and ends once its header is in (the rest of it may not be). */
  private readyStart = -1;
  private readyEnd = -1;

  /** Takes the next chunk; gives the answer once its ReadyForQuery is complete, undefined until then. */
  push(chunk: Buffer): WireAnswer | undefined {
    this.chunks.push(chunk);
    this.received += chunk.length;
    while (this.readyStart < 0 && this.received - this.next >= HEADER) {
      const at = this.next;
      const type = this.byteAt(at);
      const length = this.int32At(at + 1);
      if (length < 4 || length > MAX_MESSAGE) throw new WireProtocolError(`PostgreSQL sent a message of length ${length} (type ${type})`);
      const end = at + 1 + length;
      if (type === READY_FOR_QUERY) {
        this.readyStart = at;
        this.readyEnd = end;
      } else if (type === DATA_ROW) this.addRow(at + HEADER);
      else if (type === ERROR_RESPONSE && this.errorStart < 0) {
        this.errorStart = at + HEADER;
        this.errorEnd = end;
      } else if (type === PARSE_COMPLETE) this.parsed = true;
      this.next = end;
    }
    return this.readyStart >= 0 && this.received >= this.readyEnd ? this.finish(this.readyStart) : undefined;
  }

  /**
   * The first ErrorResponse received in full, if any, when the answer will
   * not end (the server closed the connection after a FATAL error).
   */
  errorSoFar(): WireError | undefined {
    if (this.errorStart < 0 || this.errorEnd > this.received) return undefined;
    return errorFields(Buffer.concat(this.chunks, this.received), this.errorStart, this.errorEnd);
  }

  private finish(ready: number): WireAnswer {
    const bytes = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.received);
    const answer = {
      bytes: bytes.subarray(0, ready),
      count: this.count,
      rows: this.rows.subarray(0, this.count),
      parsed: this.parsed,
      rest: bytes.subarray(ready),
    };
    return this.errorStart < 0 ? answer : { ...answer, error: errorFields(bytes, this.errorStart, this.errorEnd) };
  }

  private addRow(offset: number): void {
    if (this.count === this.rows.length) {
      const grown = new Uint32Array(2 * this.rows.length);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[this.count++] = offset;
  }

  /** The byte at `offset`, never before the previous one read. */
  private byteAt(offset: number): number {
    let chunk = this.chunks[this.chunk] as Buffer;
    while (offset >= this.chunkStart + chunk.length) {
      this.chunkStart += chunk.length;
      this.chunk += 1;
      chunk = this.chunks[this.chunk] as Buffer;
    }
    return chunk[offset - this.chunkStart] as number;
  }

  private int32At(offset: number): number {
    const chunk = this.chunks[this.chunk] as Buffer;
    const local = offset - this.chunkStart;
    if (local + 4 <= chunk.length) return chunk.readInt32BE(local);
    // Split across chunks: byte by byte.
    return ((this.byteAt(offset) << 24) | (this.byteAt(offset + 1) << 16) | (this.byteAt(offset + 2) << 8) | this.byteAt(offset + 3));
  }
}
