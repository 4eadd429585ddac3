// Kafka's default partitioning for keyed messages, bit for bit: the Java
// client computes toPositive(murmur2(keyBytes)) % numPartitions with the
// 32-bit MurmurHash2 variant in org.apache.kafka.common.utils.Utils (seed
// 0x9747b28c). Keys are serialized as UTF-8, as Java's StringSerializer does,
// so a key lands on the same partition whichever client (Java, kafkajs, or
// the in-process bus) produced it.

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

const utf8 = new TextEncoder();

/** Kafka's murmur2 of `data` as a signed 32-bit integer, like Java's `int`. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const tail = length & 3;
  const bodyEnd = length - tail;
  for (let i = 0; i < bodyEnd; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java folds the 1 to 3 trailing bytes with a fall-through switch.
  if (tail === 3) h ^= data[bodyEnd + 2]! << 16;
  if (tail >= 2) h ^= data[bodyEnd + 1]! << 8;
  if (tail >= 1) {
    h ^= data[bodyEnd]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's Utils.toPositive: clears the sign bit (not Math.abs, which differs for negatives). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

// Keys repeat (a few thousand symbols at most), and encoding plus hashing is
// a visible share of producing; the cache is cleared when it grows too big.
const HASH_CACHE_LIMIT = 10_000;
const hashes = new Map<string, number>();

function keyHash(key: string): number {
  let hash = hashes.get(key);
  if (hash === undefined) {
    if (hashes.size >= HASH_CACHE_LIMIT) hashes.clear();
    hash = toPositive(murmur2(utf8.encode(key)));
    hashes.set(key, hash);
  }
  return hash;
}

/** The partition Kafka's default partitioner picks for `key` in a topic of `numPartitions`. */
export function partitionForKey(key: string, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return keyHash(key) % numPartitions;
}
