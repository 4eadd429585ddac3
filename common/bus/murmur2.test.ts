import fc from 'fast-check';
import type { PartitionerArgs, PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { loadKafkaJs } from './kafka/kafkajs.js';
import { murmur2, partitionForKey, toPositive } from './murmur2.js';

const kafkajs = loadKafkaJs();

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('murmur2', () => {
  // The vectors of Apache Kafka's own UtilsTest.testMurmur2
  // (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j to %i as Kafka does', (key, expected) => {
    expect(murmur2(bytes(key))).toBe(expected);
  });

  // Computed with kafka-clients 3.9.1 (Utils.murmur2 over UTF-8 bytes, and
  // Utils.toPositive(h) % 12): every tail length 0 to 3, multi-byte UTF-8,
  // and wick's own exchange:SYMBOL keys.
  it.each([
    ['', 275646681, 9],
    ['1', -1993445489, 3],
    ['12', 126087238, 10],
    ['123', -267702483, 5],
    ['1234', -1614185708, 0],
    ['12345', -1188365604, 8],
    ['binance:BTCUSDT', 1840822121, 5],
    ['binance:ETHUSDT', -1103426917, 7],
    ['wick', -1628795165, 3],
    ['\u00e9t\u00e9', -2101193575, 1],
    ['\u65e5\u672c', -700811021, 3],
    ['\u{1F680}rocket', -573605137, 7],
  ])('hashes %j to %i and partition %i of 12 as the Java client does', (key, hash, partition) => {
    expect(murmur2(bytes(key))).toBe(hash);
    expect(partitionForKey(key, 12)).toBe(partition);
  });

  it('toPositive clears the sign bit rather than negating', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(123)).toBe(123);
  });
});

describe('partitionForKey', () => {
  // One partitioner instance: it only keeps state for unkeyed round-robin.
  const partitioner = kafkajs.Partitioners.DefaultPartitioner();
  const kafkajsPartition = (key: string, partitions: number): number => {
    const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
    const args: PartitionerArgs = { topic: 't', partitionMetadata, message: { key, value: null } };
    return partitioner(args);
  };

  it('matches toPositive(murmur2(utf8 key)) % n for the Kafka vectors', () => {
    expect(partitionForKey('21', 10)).toBe(toPositive(-973932308) % 10);
    expect(partitionForKey('foobar', 7)).toBe(toPositive(-790332482) % 7);
  });

  it("agrees with kafkajs's DefaultPartitioner on arbitrary unicode keys and partition counts", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.integer({ min: 1, max: 257 }), (key, n) => {
        // Lone surrogates have no UTF-8 form; Java and Node replace them differently.
        fc.pre(!/\p{Surrogate}/u.test(key));
        expect(partitionForKey(key, n)).toBe(kafkajsPartition(key, n));
      }),
      { numRuns: 1_000 },
    );
  });

  it('places exchange:SYMBOL keys where kafkajs does', () => {
    for (const key of ['binance:BTCUSDT', 'binance:ETHUSDT', 'binance:XRPETH', 'binance:DOTUSDT']) {
      for (const n of [1, 3, 6, 12, 64]) expect(partitionForKey(key, n)).toBe(kafkajsPartition(key, n));
    }
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(/positive integer/);
    expect(() => partitionForKey('k', 2.5)).toThrow(/positive integer/);
  });
});
