// Kafka's Produce request and response, versions 9 to 11 (the flexible
// versions: compact strings and arrays, tagged fields; the request layout is
// the same in all three, 10 and 11 only add tagged fields to the response),
// for one topic: the request is written into one buffer around record
// batches already encoded (record-batch.ts), and the response is read into
// one outcome per partition.
import type { Reader } from '@platformatic/kafka';
import { unsignedVarintSize, writeUnsignedVarint } from './varint.js';

export const PRODUCE_API_KEY = 0;
export const PRODUCE_MIN_VERSION = 9;
export const PRODUCE_MAX_VERSION = 11;

export interface PartitionBatch {
  readonly partition: number;
  readonly batch: Buffer;
}

export interface PartitionOutcome {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/**
 * The request body (after the request header): transactional id null, acks,
 * timeout, and one topic with its partitions' batches, in the given order.
 */
export function encodeProduceRequest(acks: number, timeoutMs: number, topic: string, batches: readonly PartitionBatch[]): Buffer {
  const name = Buffer.from(topic, 'utf8');
  let size = 1 + 2 + 4 + unsignedVarintSize(2) + unsignedVarintSize(name.length + 1) + name.length + unsignedVarintSize(batches.length + 1);
  for (const { batch } of batches) size += 4 + unsignedVarintSize(batch.length + 1) + batch.length + 1;
  size += 1 + 1; // the topic's tagged fields, the request's
  const out = Buffer.allocUnsafe(size);
  let at = writeUnsignedVarint(out, 0, 0); // transactional_id: null
  at = out.writeInt16BE(acks, at);
  at = out.writeInt32BE(timeoutMs, at);
  at = writeUnsignedVarint(out, at, 2); // one topic
  at = writeUnsignedVarint(out, at, name.length + 1);
  at += name.copy(out, at);
  at = writeUnsignedVarint(out, at, batches.length + 1);
  for (const { partition, batch } of batches) {
    at = out.writeInt32BE(partition, at);
    at = writeUnsignedVarint(out, at, batch.length + 1);
    at += batch.copy(out, at);
    at = writeUnsignedVarint(out, at, 0); // the partition's tagged fields
  }
  at = writeUnsignedVarint(out, at, 0); // the topic's tagged fields
  at = writeUnsignedVarint(out, at, 0); // the request's tagged fields
  if (at !== size) throw new Error(`produce request: wrote ${at} bytes of ${size}`);
  return out;
}

/**
 * Passes over a tagged-field section: a count, then each field's tag, size
 * and bytes. (The client's own reader takes the count for a byte length,
 * which misreads the fields a broker adds to a NOT_LEADER answer from
 * version 10 on: the partition's current leader and the brokers' endpoints.)
 */
function skipTaggedFields(reader: Reader): void {
  const count = reader.readUnsignedVarInt();
  for (let i = 0; i < count; i++) {
    reader.readUnsignedVarInt(); // tag
    reader.skip(reader.readUnsignedVarInt());
  }
}

/** Each partition's outcome; the throttle time and every tagged field are passed over. */
export function parseProduceResponse(reader: Reader): PartitionOutcome[] {
  const outcomes: PartitionOutcome[] = [];
  const compact = true;
  const ownTaggedFields = false;
  reader.readArray((topicReader) => {
    const topic = topicReader.readString();
    topicReader.readArray((partitionReader) => {
      const partition = partitionReader.readInt32();
      const errorCode = partitionReader.readInt16();
      partitionReader.readInt64(); // base_offset
      partitionReader.readInt64(); // log_append_time_ms
      partitionReader.readInt64(); // log_start_offset
      partitionReader.readArray((recordErrorReader) => {
        recordErrorReader.readInt32();
        recordErrorReader.readNullableString();
        skipTaggedFields(recordErrorReader);
      }, compact, ownTaggedFields);
      const errorMessage = partitionReader.readNullableString();
      skipTaggedFields(partitionReader);
      outcomes.push({ topic, partition, errorCode, errorMessage });
    }, compact, ownTaggedFields);
    skipTaggedFields(topicReader);
  }, compact, ownTaggedFields);
  reader.readInt32(); // throttle_time_ms
  skipTaggedFields(reader);
  return outcomes;
}
