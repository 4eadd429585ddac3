import { createRecordsBatch, crc32c, NumericMap, readRecordsBatch, Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/seeded-random.js';
import { encodeRecordBatch, type BatchRecord } from './record-batch.js';

const PRODUCER = { producerId: 4_242n, producerEpoch: 3, baseSequence: 1_000 };
const NOW = 1_700_000_000_000;

/** @platformatic/kafka's encoding of the same batch: the reference, byte for byte. */
function reference(records: readonly BatchRecord[], producer = PRODUCER, now = NOW): Buffer {
  const sequences = new NumericMap();
  sequences.set('t:0', producer.baseSequence);
  const messages = records.map((record) => ({
    topic: 't',
    partition: 0,
    key: record.key,
    value: Buffer.from(record.value),
    timestamp: BigInt(record.timestamp ?? now),
    headers: new Map(Object.entries(record.headers ?? {}).map(([key, value]) => [Buffer.from(key), Buffer.from(value)])),
  }));
  return createRecordsBatch(messages, { producerId: producer.producerId, producerEpoch: producer.producerEpoch, sequences, compression: 'none' }).buffer;
}

describe('encodeRecordBatch', () => {
  it("writes what @platformatic/kafka writes for the same records, byte for byte", () => {
    const records: BatchRecord[] = [
      { key: Buffer.from('binance:BTCUSDT'), value: Uint8Array.of(1, 2, 3) },
      { key: Buffer.from('binance:ETHUSDT'), value: new Uint8Array(0), timestamp: NOW + 5 },
      { key: Buffer.from('k'), value: Uint8Array.of(9), headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'wick-ünï': '✓' } },
      { key: Buffer.from('k'), value: Uint8Array.of(8), timestamp: NOW - 70_000 },
    ];
    expect(encodeRecordBatch(records, PRODUCER, NOW).equals(reference(records))).toBe(true);
  });

  // Within ±2^31 ms of the first record: beyond that @platformatic/kafka's own
  // zigzag encoding of the delta is wrong (it shifts by 31 bits, not 63); see the next case.
  it('matches the reference for random batches: sizes across varint boundaries, headers, timestamps', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 60; round++) {
      const count = 1 + Math.floor(random() * 200);
      const records: BatchRecord[] = Array.from({ length: count }, (_, i) => ({
        key: Buffer.from(`key-${Math.floor(random() * 1e6)}`),
        value: Uint8Array.from({ length: Math.floor(random() ** 3 * 20_000) }, () => Math.floor(random() * 256)),
        ...(random() < 0.2 ? { timestamp: NOW + Math.floor((random() - 0.5) * 2e9) } : {}),
        ...(random() < 0.2 ? { headers: { n: String(i), long: 'x'.repeat(Math.floor(random() * 300)) } } : {}),
      }));
      const producer = { producerId: BigInt(Math.floor(random() * 2 ** 40)), producerEpoch: Math.floor(random() * 32_000), baseSequence: Math.floor(random() * 2 ** 31) };
      expect(encodeRecordBatch(records, producer, NOW).equals(reference(records, producer)), `round ${round}`).toBe(true);
    }
  });

  it('reads back as the records it was given, with a valid CRC', () => {
    const records: BatchRecord[] = [
      { key: Buffer.from('a'), value: Buffer.from('first') },
      { key: Buffer.from('b'), value: Buffer.from('second'), headers: { h: 'v' }, timestamp: NOW + 1 },
    ];
    const bytes = encodeRecordBatch(records, PRODUCER, NOW);
    const batch = readRecordsBatch(Reader.from(bytes));
    expect(batch.magic).toBe(2);
    expect(batch.producerId).toBe(PRODUCER.producerId);
    expect(batch.producerEpoch).toBe(PRODUCER.producerEpoch);
    expect(batch.firstSequence).toBe(PRODUCER.baseSequence);
    expect(batch.lastOffsetDelta).toBe(1);
    expect(batch.firstTimestamp).toBe(BigInt(NOW));
    expect(batch.maxTimestamp).toBe(BigInt(NOW + 1));
    expect(batch.length).toBe(bytes.length - 12);
    expect(batch.crc).toBe(crc32c(bytes.subarray(21)));
    expect(batch.records.map((record) => [String(record.key), String(record.value), record.offsetDelta])).toEqual([['a', 'first', 0], ['b', 'second', 1]]);
    expect(batch.records[1]?.headers.map(([key, value]) => [String(key), String(value)])).toEqual([['h', 'v']]);
  });

  it('encodes timestamp deltas beyond 2^31 ms (and below -2^31) as the zigzag varlongs the protocol defines', () => {
    const far = [NOW + 2 ** 31 + 5, NOW + 2 ** 40, NOW - 2 ** 33];
    const records: BatchRecord[] = [{ key: Buffer.from('a'), value: Uint8Array.of(1) }, ...far.map((timestamp) => ({ key: Buffer.from('a'), value: Uint8Array.of(2), timestamp }))];
    const batch = readRecordsBatch(Reader.from(encodeRecordBatch(records, PRODUCER, NOW)));
    expect(batch.records.map((record) => batch.firstTimestamp + record.timestampDelta)).toEqual([NOW, ...far].map(BigInt));
    expect(batch.maxTimestamp).toBe(BigInt(NOW + 2 ** 40));
  });

  it('refuses an empty batch', () => {
    expect(() => encodeRecordBatch([], PRODUCER, NOW)).toThrow(/at least one record/);
  });
});
