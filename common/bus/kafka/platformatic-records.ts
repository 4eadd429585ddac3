// The bus's outgoing messages as @platformatic/kafka records, and the
// partitioner that puts them where Kafka's Java client (and kafkajs's
// DefaultPartitioner, and the in-process bus) would.
//
// This runs for every message the collector publishes (100k+ a second), so
// the usual message (no headers, no timestamp, no partition) becomes a record
// of four properties: a key whose UTF-8 bytes are cached (keys repeat: one per
// symbol), and its value as it is when it is already a Buffer, else a view.

import type { MessageToProduce } from '@platformatic/kafka';
import type { Headers, OutgoingMessage } from '../bus.js';
import { murmur2, toPositive } from '../murmur2.js';
import { withTraceHeaders } from '../trace-context.js';

/** Keys and values go as bytes; header names and values as strings (the client's string serializers encode them). */
export type PlatformaticRecord = MessageToProduce<Buffer, Buffer, string, string>;

// A few thousand symbols at most; the caches start over when they grow beyond that.
const KEY_CACHE_LIMIT = 10_000;
const keyBytes = new Map<string, Buffer>();
/** Kafka's murmur2 hash of each cached key's bytes, found by the bytes the partitioner is handed. */
const keyHashes = new WeakMap<Buffer, number>();

export function bytesOfKey(key: string): Buffer {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    if (keyBytes.size >= KEY_CACHE_LIMIT) keyBytes.clear();
    bytes = Buffer.from(key, 'utf8');
    keyBytes.set(key, bytes);
  }
  return bytes;
}

/**
 * Kafka's default partitioner, as Java's: toPositive(murmur2(key bytes)). The
 * client takes it modulo the topic's partition count. (The client's own
 * default keeps the sign bit's complement, `>>> 0`, and so places many keys
 * elsewhere than every other client does.)
 */
export function javaCompatiblePartition(_record: PlatformaticRecord, key: Buffer | undefined): number {
  return key === undefined ? 0 : keyPartition(key);
}

/** toPositive(murmur2(key)): Java's partitioner before the modulo; remembered for the cached key bytes. */
export function keyPartition(key: Buffer): number {
  let hash = keyHashes.get(key);
  if (hash === undefined) {
    hash = toPositive(murmur2(key));
    keyHashes.set(key, hash);
  }
  return hash;
}

export function toPlatformaticRecord(topic: string, message: OutgoingMessage, traceHeaders: Headers | undefined): PlatformaticRecord {
  const { value } = message;
  const record: PlatformaticRecord = {
    topic,
    key: bytesOfKey(message.key),
    // A view, not a copy: the client only reads it while encoding the request.
    value: Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  };
  const headers = withTraceHeaders(message.headers, traceHeaders);
  // A fresh object: the bus's headers are read-only and shared with the caller.
  if (headers !== undefined) record.headers = { ...headers };
  // Kafka timestamps are whole milliseconds; absent, the client stamps the send time.
  if (message.timestamp !== undefined) record.timestamp = BigInt(Math.trunc(message.timestamp));
  if (message.partition !== undefined) record.partition = message.partition;
  return record;
}
