// Protobuf fields written straight into a buffer the caller sized: a tag and
// a string, or a tag and an int64/uint64/uint32/bool value, each left out when
// it holds its zero value (proto3's implicit presence), exactly as
// protobuf-es writes them.
import { writeVarint } from './wire.js';

const encoder = new TextEncoder();

/** Field `no` holding `text` (wire type 2); returns the offset after it. */
export function putText(out: Uint8Array, offset: number, no: number, text: string): number {
  const length = text.length;
  if (length === 0) return offset;
  out[offset++] = no * 8 + 2;
  // ASCII (every decimal, symbol and interval): its char codes are its bytes, and its length is one byte when under 128.
  if (length < 0x80) {
    const start = offset + 1;
    let index = 0;
    for (; index < length; index += 1) {
      const code = text.charCodeAt(index);
      if (code > 0x7f) break;
      out[start + index] = code;
    }
    if (index === length) {
      out[offset] = length;
      return start + length;
    }
  }
  const bytes = encoder.encode(text);
  offset = writeVarint(out, offset, bytes.length);
  out.set(bytes, offset);
  return offset + bytes.length;
}

/** Field `no` (below 16) holding bytes[start, end) (wire type 2); the range is never empty. */
export function putBytes(out: Uint8Array, offset: number, no: number, bytes: Uint8Array, start: number, end: number): number {
  out[offset++] = no * 8 + 2;
  offset = writeVarint(out, offset, end - start);
  for (let index = start; index < end; index += 1) out[offset++] = bytes[index] as number;
  return offset;
}

/** Field `no` holding a safe integer as a varint (wire type 0); a negative one takes ten bytes, as int64 does. */
export function putInt(out: Uint8Array, offset: number, no: number, value: number): number {
  if (value === 0) return offset;
  offset = writeVarint(out, offset, no * 8);
  if (value >= 0) return writeVarint(out, offset, value);
  // Two's complement in 64 bits, as two unsigned 32-bit halves (exact: |value| < 2^53), then 7 bits a byte.
  const high = Math.floor(value / 0x1_0000_0000);
  let low = value - high * 0x1_0000_0000;
  let top = high >>> 0;
  for (let index = 0; index < 9; index += 1) {
    out[offset++] = (low & 0x7f) | 0x80;
    low = ((low >>> 7) | ((top & 0x7f) << 25)) >>> 0;
    top >>>= 7;
  }
  out[offset++] = low & 0x7f;
  return offset;
}
