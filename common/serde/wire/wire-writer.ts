// Writes protobuf binary exactly as protobuf-es's BinaryWriter does (the
// varint forms, the 10-byte form of negative int64, UTF-8 strings). Messages
// are written one after another into a slab and handed out as views of it,
// neither copied nor given an ArrayBuffer of their own (a fresh ArrayBuffer
// costs ~600 ns, more than writing a whole trade). A view keeps its slab
// alive, as a pooled Buffer keeps Node's pool alive; slabs are never
// written twice.
import type { WireType } from '@bufbuild/protobuf/wire';
import { bigHighBits, bigIntAsSafeNumber, bigLowBits, highBits, isInt64, lowBits } from './int64.js';
import { utf8Length, writeUtf8 } from './utf8.js';

/** The most bytes a tag plus a varint take. */
const MAX_SCALAR_BYTES = 15;
const SLAB_BYTES = 64 * 1024;

export class WireWriter {
  private buffer: Buffer = Buffer.allocUnsafeSlow(SLAB_BYTES);
  /** Where the message being written starts. */
  private start = 0;
  private pos = 0;

  /** Starts a new message, dropping whatever an unfinished one wrote. */
  reset(): this {
    this.pos = this.start;
    return this;
  }

  /** The message written since reset(). */
  finish(): Buffer {
    const bytes = this.buffer.subarray(this.start, this.pos);
    this.start = this.pos;
    return bytes;
  }

  /** Also reserves room for a scalar value after it (bool, uint32, int64). */
  tag(fieldNo: number, wireType: WireType): this {
    this.ensure(MAX_SCALAR_BYTES);
    this.varint32(((fieldNo << 3) | wireType) >>> 0);
    return this;
  }

  /** A uint32 field's value; throws for anything else, as protobuf-es does. */
  uint32(value: number, field: string): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw encodeError(field, `invalid uint32: ${value}`);
    this.varint32(value);
    return this;
  }

  /** An int64 held as a safe integer (the caller checked it is one). */
  int64Number(value: number): this {
    if (value >= 0 && value < 0x8000_0000) this.varint32(value);
    else this.varint64(lowBits(value), highBits(value));
    return this;
  }

  /** An int64 field's bigint value; throws outside the int64 range, as protobuf-es does. */
  int64(value: bigint, field: string): this {
    const safe = bigIntAsSafeNumber(value);
    if (safe !== undefined) return this.int64Number(safe);
    if (!isInt64(value)) throw encodeError(field, `invalid int64: ${value}`);
    this.varint64(bigLowBits(value), bigHighBits(value));
    return this;
  }

  bool(value: boolean): this {
    this.buffer[this.pos++] = value ? 1 : 0;
    return this;
  }

  /** Length-prefixed UTF-8. */
  string(text: string): this {
    const length = utf8Length(text);
    this.ensure(5 + length);
    this.varint32(length);
    this.pos = writeUtf8(this.buffer, this.pos, text, length);
    return this;
  }

  /** Bytes as they are (an unknown field's data, kept from decoding). */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A uint32 varint; the caller ensured room. */
  private varint32(value: number): void {
    const buffer = this.buffer;
    while (value > 0x7f) {
      buffer[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buffer[this.pos++] = value;
  }

  /** protobuf-es's varint64write: two's complement halves, up to 10 bytes. */
  private varint64(lo: number, hi: number): void {
    const buffer = this.buffer;
    for (let shift = 0; shift < 28; shift += 7) {
      const bits = lo >>> shift;
      const more = !(bits >>> 7 === 0 && hi === 0);
      buffer[this.pos++] = (more ? bits | 0x80 : bits) & 0xff;
      if (!more) return;
    }
    const split = ((lo >>> 28) & 0x0f) | ((hi & 0x07) << 4);
    const moreHigh = hi >> 3 !== 0;
    buffer[this.pos++] = (moreHigh ? split | 0x80 : split) & 0xff;
    if (!moreHigh) return;
    for (let shift = 3; shift < 31; shift += 7) {
      const bits = hi >>> shift;
      const more = bits >>> 7 !== 0;
      buffer[this.pos++] = (more ? bits | 0x80 : bits) & 0xff;
      if (!more) return;
    }
    buffer[this.pos++] = (hi >>> 31) & 0x01;
  }

  /** Moves the message being written to a fresh slab when the current one cannot take `room` more bytes. */
  private ensure(room: number): void {
    if (this.pos + room <= this.buffer.length) return;
    const written = this.pos - this.start;
    const slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, written + room));
    this.buffer.copy(slab, 0, this.start, this.pos);
    this.buffer = slab;
    this.start = 0;
    this.pos = written;
  }
}

/** protobuf-es's message for a value its writer refuses. */
function encodeError(field: string, reason: string): Error {
  return new Error(`cannot encode field ${field} to binary: ${reason}`);
}
