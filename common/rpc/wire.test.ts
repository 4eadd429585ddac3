import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { varintLength, writeVarint } from './wire.js';

/** Protobuf's base-128 varint, by the book, in BigInt. */
function reference(value: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt(value);
  while (rest > 0x7fn) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return bytes;
}

describe('writeVarint', () => {
  it('writes any non-negative safe integer as protobuf does, in varintLength bytes', () => {
    const edges = [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35 - 1, 2 ** 35, 1_700_000_040_000, Number.MAX_SAFE_INTEGER];
    const values = fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
    fc.assert(fc.property(values, fc.integer({ min: 0, max: 4 }), (value, offset) => {
      const target = new Uint8Array(16);
      const end = writeVarint(target, offset, value);
      expect([...target.subarray(offset, end)]).toEqual(reference(value));
      expect(end - offset).toBe(varintLength(value));
    }), { numRuns: 5_000 });
  });
});
