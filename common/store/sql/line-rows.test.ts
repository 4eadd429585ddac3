import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineRowsFromStrings } from './line-rows.js';

describe('lineRowsFromStrings', () => {
  it('packs any lines as their UTF-8 bytes, with the bounds of each', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[\d,.-]{0,40}$/))), (lines) => {
      const rows = lineRowsFromStrings(lines);
      expect(rows.count).toBe(lines.length);
      const decoded = lines.map((_, index) => new TextDecoder().decode(rows.bytes.subarray(rows.bounds[2 * index], rows.bounds[2 * index + 1])));
      expect(decoded).toEqual(lines.map((line) => new TextDecoder().decode(new TextEncoder().encode(line))));
      expect(rows.bytes.length).toBe(lines.reduce((sum, line) => sum + new TextEncoder().encode(line).length, 0));
    }), { numRuns: 1_000 });
  });
});
