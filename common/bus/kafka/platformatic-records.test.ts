import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../murmur2.js';
import { javaCompatiblePartition, toPlatformaticRecord } from './platformatic-records.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('@platformatic/kafka records', () => {
  it('makes a plain message a record of topic, cached key bytes and the value as it is', () => {
    const value = Buffer.from([1, 2, 3]);
    const first = toPlatformaticRecord('trades', { key: 'binance:BTCUSDT', value }, undefined);
    const second = toPlatformaticRecord('trades', { key: 'binance:BTCUSDT', value }, undefined);
    expect(first).toEqual({ topic: 'trades', key: Buffer.from('binance:BTCUSDT'), value });
    expect(Object.keys(first).sort()).toEqual(['key', 'topic', 'value']);
    expect(first.value).toBe(value);
    expect(second.key).toBe(first.key);
  });

  it('passes a Uint8Array value as a view of the same bytes, not a copy', () => {
    const backing = new Uint8Array([9, 8, 7, 6, 5]);
    const record = toPlatformaticRecord('t', { key: 'k', value: backing.subarray(1, 4) }, undefined);
    expect(Buffer.isBuffer(record.value)).toBe(true);
    expect([...record.value!]).toEqual([8, 7, 6]);
    backing[2] = 42;
    expect(record.value![1]).toBe(42);
  });

  it('adds the trace headers unless the message carries its own, in a headers object of its own', () => {
    const trace = { traceparent: TRACEPARENT };
    const headers = { 'content-type': 'application/x-protobuf' };
    const traced = toPlatformaticRecord('t', { key: 'k', value: Buffer.alloc(0), headers }, trace);
    expect(traced.headers).toEqual({ ...headers, ...trace });
    const own = { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' };
    const kept = toPlatformaticRecord('t', { key: 'k', value: Buffer.alloc(0), headers: own }, trace);
    expect(kept.headers).toEqual(own);
    expect(kept.headers).not.toBe(own);
    expect(toPlatformaticRecord('t', { key: 'k', value: Buffer.alloc(0) }, trace).headers).toEqual(trace);
  });

  it('carries a timestamp in whole milliseconds as a bigint, and an explicit partition', () => {
    const record = toPlatformaticRecord('t', { key: 'k', value: Buffer.alloc(0), timestamp: 1_600_000_000_123, partition: 3 }, undefined);
    expect(record.timestamp).toBe(1_600_000_000_123n);
    expect(record.partition).toBe(3);
    expect(toPlatformaticRecord('t', { key: 'k', value: Buffer.alloc(0), timestamp: 1.9 }, undefined).timestamp).toBe(1n);
  });
});

describe('the Java-compatible partitioner', () => {
  const keys = [...Array.from({ length: 300 }, (_, i) => `binance:SYM${i}USDT`), 'été', '日本', '\u{1F680}rocket', '', 'a'];

  it('puts every key, modulo the partition count, where partitionForKey (Kafka\'s default) does', () => {
    for (const partitions of [1, 4, 6, 7, 64]) {
      for (const key of keys) {
        const record = toPlatformaticRecord('t', { key, value: Buffer.alloc(0) }, undefined);
        expect(javaCompatiblePartition(record, record.key) % partitions, `${JSON.stringify(key)} of ${partitions}`).toBe(partitionForKey(key, partitions));
      }
    }
  });

  it('differs from the unsigned hash (the client\'s own default) for keys whose murmur2 is negative', () => {
    const negative = keys.filter((key) => murmur2(Buffer.from(key)) < 0);
    expect(negative.length).toBeGreaterThan(0);
    const moved = negative.filter((key) => (murmur2(Buffer.from(key)) >>> 0) % 7 !== partitionForKey(key, 7));
    expect(moved.length).toBeGreaterThan(0);
    for (const key of moved) expect(javaCompatiblePartition(toPlatformaticRecord('t', { key, value: Buffer.alloc(0) }, undefined), Buffer.from(key)) % 7).toBe(partitionForKey(key, 7));
  });
});
