// The answer reader frames PostgreSQL's messages however the socket splits
// them: every DataRow found, the answer ending exactly at its ReadyForQuery.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnswerReader, WireProtocolError, type WireAnswer } from './wire-answer.js';

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** A DataRow of text columns. */
function dataRow(columns: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from([columns.length >> 8, columns.length & 0xff])];
  for (const column of columns) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(column.length);
    parts.push(length, column);
  }
  return message('D', Buffer.concat(parts));
}

const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');
const errorResponse = (code: string, text: string) =>
  message('E', Buffer.concat([Buffer.from('S'), cstring('ERROR'), Buffer.from('C'), cstring(code), Buffer.from('M'), cstring(text), Buffer.from([0])]));
const PARSE_COMPLETE = message('1', Buffer.alloc(0));
const BIND_COMPLETE = message('2', Buffer.alloc(0));
const NOTICE = message('N', Buffer.concat([Buffer.from('M'), cstring('a notice'), Buffer.from([0])]));
const COMMAND_COMPLETE = message('C', cstring('SELECT 3'));
const READY = message('Z', Buffer.from('I'));
const PARAMETER_STATUS = message('S', Buffer.concat([cstring('TimeZone'), cstring('UTC')]));

/** Feeds `stream` in pieces cut at `cuts`; the answer and the chunk index that completed it. */
function feed(stream: Buffer, cuts: readonly number[]): { answer: WireAnswer | undefined; at: number; chunks: number } {
  const reader = new AnswerReader();
  const points = [...new Set(cuts.filter((cut) => cut > 0 && cut < stream.length))].sort((a, b) => a - b);
  const bounds = [0, ...points, stream.length];
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    const answer = reader.push(stream.subarray(bounds[index], bounds[index + 1]));
    if (answer !== undefined) return { answer, at: index, chunks: bounds.length - 1 };
  }
  return { answer: undefined, at: -1, chunks: bounds.length - 1 };
}

describe('AnswerReader', () => {
  it('finds every DataRow and ends at ReadyForQuery, wherever the chunks are cut', () => {
    const columns = fc.array(fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)), { maxLength: 6 });
    fc.assert(fc.property(fc.array(columns, { maxLength: 30 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), (rows, parse, cuts) => {
      const before = Buffer.concat([...(parse ? [PARSE_COMPLETE] : []), BIND_COMPLETE, ...rows.map(dataRow).flatMap((row, index) => (index === 1 ? [NOTICE, row] : [row])), COMMAND_COMPLETE]);
      const stream = Buffer.concat([before, READY, PARAMETER_STATUS]);
      const { answer } = feed(stream, cuts.map((cut) => cut % (stream.length + 1)));
      expect(answer).toBeDefined();
      if (answer === undefined) return;
      expect(answer.parsed).toBe(parse);
      expect(answer.error).toBeUndefined();
      expect(Buffer.from(answer.bytes)).toEqual(before);
      // The driver gets the ReadyForQuery and what followed it in the same chunk.
      expect(Buffer.from(answer.rest).subarray(0, READY.length)).toEqual(READY);
      expect(answer.count).toBe(rows.length);
      rows.forEach((row, index) => {
        const at = answer.rows[index] as number;
        expect(answer.bytes.readInt16BE(at)).toBe(row.length);
        let offset = at + 2;
        for (const column of row) {
          const length = answer.bytes.readInt32BE(offset);
          expect(Buffer.from(answer.bytes.subarray(offset + 4, offset + 4 + length))).toEqual(column);
          offset += 4 + length;
        }
      });
    }), { numRuns: 1_000 });
  });

  it('waits for the whole ReadyForQuery, and gives nothing before it', () => {
    const stream = Buffer.concat([BIND_COMPLETE, dataRow([Buffer.from('1')]), COMMAND_COMPLETE, READY]);
    for (let cut = 1; cut < stream.length; cut += 1) {
      const { answer, at } = feed(stream, [cut]);
      expect(answer?.count).toBe(1);
      expect(at).toBe(1);
      expect(answer?.rest.length).toBe(READY.length);
    }
    const reader = new AnswerReader();
    expect(reader.push(stream.subarray(0, stream.length - 1))).toBeUndefined();
  });

  it('keeps more rows than its first guess', () => {
    const rows = Array.from({ length: 5_000 }, (_, index) => dataRow([Buffer.from(String(index))]));
    const { answer } = feed(Buffer.concat([...rows, READY]), [7, 70_000]);
    expect(answer?.count).toBe(5_000);
    expect(answer?.bytes.toString('latin1', (answer.rows[4_999] as number) + 6)).toBe('4999');
  });

  it('reports the first ErrorResponse with its SQLSTATE and message', () => {
    const stream = Buffer.concat([PARSE_COMPLETE, errorResponse('26000', 'prepared statement "x" does not exist'), errorResponse('XX000', 'later'), READY]);
    for (let cut = 0; cut < stream.length; cut += 1) {
      const { answer } = feed(stream, [cut]);
      expect(answer?.error).toEqual({ code: '26000', message: 'prepared statement "x" does not exist' });
      expect(answer?.parsed).toBe(true);
    }
  });

  it('tells the error received so far, once it is whole, for an answer the server broke off', () => {
    const fatal = errorResponse('57P01', 'terminating connection due to administrator command');
    const reader = new AnswerReader();
    expect(reader.push(Buffer.concat([BIND_COMPLETE, fatal.subarray(0, 9)]))).toBeUndefined();
    expect(reader.errorSoFar()).toBeUndefined();
    expect(reader.push(fatal.subarray(9))).toBeUndefined();
    expect(reader.errorSoFar()).toEqual({ code: '57P01', message: 'terminating connection due to administrator command' });
  });

  it('refuses bytes that are not protocol messages', () => {
    const bad = Buffer.from([0x44, 0, 0, 0, 2, 0, 0]);
    expect(() => new AnswerReader().push(bad)).toThrow(WireProtocolError);
    const huge = Buffer.from([0x44, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => new AnswerReader().push(huge)).toThrow(WireProtocolError);
  });
});
