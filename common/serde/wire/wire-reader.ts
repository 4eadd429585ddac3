// Reads protobuf binary with exactly the leniency and the strictness of
// protobuf-es's fromBinary (BinaryReader and readMessage), so a payload one
// accepts the other accepts with the same values, and one rejects the other
// rejects: tags of at most 5 bytes with a field number above 0 and a wire
// type up to 5; varints of at most 10 bytes; strings strictly UTF-8 (a
// leading BOM dropped); unknown fields skipped by wire type, groups nested
// at most 99 deep, and kept; a known field read as its declared type
// whatever its wire type says. Reading past the end is an error.
import type { UnknownField } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import { toBigInt, toNumberOrBigInt } from './int64.js';
import { readUtf8 } from './utf8.js';

/** protobuf-es skips nested groups with the recursion budget left below its limit of 100. */
const GROUP_DEPTH_LIMIT = 99;

export class WireReader {
  pos = 0;
  readonly end: number;
  /** Halves of the last varint64(): low and high 32 bits, as int32s. */
  lo = 0;
  hi = 0;
  /** The same bytes as a Buffer, for its fast latin1 string decoding. */
  private readonly buffer: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.end = bytes.length;
    this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A tag: the field number is `tag >>> 3`, the wire type `tag & 7`. */
  tag(): number {
    const start = this.pos;
    const tag = this.uint32();
    const length = this.pos - start;
    if (length > 5 || (length === 5 && this.byteAt(this.pos - 1) > 0x0f)) throw new Error('illegal tag: varint overflows uint32');
    if (tag >>> 3 === 0 || (tag & 7) > 5) throw new Error(`illegal tag: field no ${tag >>> 3} wire type ${tag & 7}`);
    return tag;
  }

  /** A varint read as protobuf-es's uint32: bits above 32 dropped, at most 10 bytes. */
  uint32(): number {
    let byte = this.next();
    let result = byte & 0x7f;
    if (byte < 0x80) return result;
    byte = this.next();
    result |= (byte & 0x7f) << 7;
    if (byte < 0x80) return result;
    byte = this.next();
    result |= (byte & 0x7f) << 14;
    if (byte < 0x80) return result;
    byte = this.next();
    result |= (byte & 0x7f) << 21;
    if (byte < 0x80) return result;
    byte = this.next();
    result |= (byte & 0x0f) << 28;
    for (let read = 5; byte >= 0x80 && read < 10; read++) byte = this.next();
    if (byte >= 0x80) throw new Error('invalid varint');
    return result >>> 0;
  }

  /** A varint of up to 10 bytes into `lo` and `hi` (protobuf-es's varint64read). */
  varint64(): void {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.next();
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) return this.setHalves(lo, hi);
    }
    const middle = this.next();
    lo |= (middle & 0x0f) << 28;
    hi = (middle & 0x70) >> 4;
    if (middle < 0x80) return this.setHalves(lo, hi);
    for (let shift = 3; shift <= 31; shift += 7) {
      const byte = this.next();
      hi |= (byte & 0x7f) << shift;
      if (byte < 0x80) return this.setHalves(lo, hi);
    }
    throw new Error('invalid varint');
  }

  /** An int64 as protobuf-es returns it: a bigint. */
  int64(): bigint {
    this.varint64();
    return toBigInt(this.lo, this.hi);
  }

  /** An int64 as a number when it is a safe integer (no bigint allocated), else as a bigint. */
  int64Value(): number | bigint {
    this.varint64();
    return toNumberOrBigInt(this.lo, this.hi);
  }

  bool(): boolean {
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  /** A length-delimited string, strictly UTF-8. */
  string(): string {
    const length = this.uint32();
    const start = this.pos;
    this.advance(length);
    return readUtf8(this.buffer, start, this.pos);
  }

  /** Skips the value of an unknown field and returns it as protobuf-es keeps it (message.$unknown), so re-encoding writes it back. */
  unknown(tag: number): UnknownField {
    const start = this.pos;
    const no = tag >>> 3;
    const wireType = (tag & 7) as WireType;
    this.skip(wireType, no, GROUP_DEPTH_LIMIT);
    return { no, wireType, data: this.bytes.subarray(start, this.pos) };
  }

  private skip(wireType: number, fieldNo: number, depthLeft: number): void {
    switch (wireType) {
      case WireType.Varint:
        // protobuf-es puts no bound on a skipped varint's length.
        while (this.next() >= 0x80);
        return;
      case WireType.Bit64:
        return this.advance(8);
      case WireType.Bit32:
        return this.advance(4);
      case WireType.LengthDelimited:
        return this.advance(this.uint32());
      case WireType.StartGroup:
        return this.skipGroup(fieldNo, depthLeft);
      default:
        throw new Error(`cant skip wire type ${wireType}`);
    }
  }

  private skipGroup(fieldNo: number, depthLeft: number): void {
    if (depthLeft <= 0) throw new Error('maximum recursion depth reached');
    for (;;) {
      const tag = this.tag();
      if ((tag & 7) === WireType.EndGroup) {
        if (tag >>> 3 !== fieldNo) throw new Error('invalid end group tag');
        return;
      }
      this.skip(tag & 7, tag >>> 3, depthLeft - 1);
    }
  }

  private setHalves(lo: number, hi: number): void {
    this.lo = lo;
    this.hi = hi;
  }

  /** The next byte; reading past the end is an error, as protobuf-es's bound check makes it. */
  private next(): number {
    if (this.pos >= this.end) throw new RangeError('premature EOF');
    return this.bytes[this.pos++] as number;
  }

  private byteAt(index: number): number {
    return this.bytes[index] as number;
  }

  private advance(length: number): void {
    if (length > this.end - this.pos) throw new RangeError('premature EOF');
    this.pos += length;
  }
}
