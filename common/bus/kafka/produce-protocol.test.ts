import { NumericMap, produceV11, Reader, Writer } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { encodeProduceRequest, parseProduceResponse } from './produce-protocol.js';
import { encodeRecordBatch } from './record-batch.js';

const NOW = 1_700_000_000_000;
const PRODUCER = { producerId: 77n, producerEpoch: 2 };

describe('the Produce request', () => {
  it("is what @platformatic/kafka writes for version 11, byte for byte, around the same batches", () => {
    const messages = [
      { topic: 'wick.trades.v1', partition: 3, key: Buffer.from('binance:BTCUSDT'), value: Buffer.from([1, 2]), timestamp: BigInt(NOW), headers: new Map<Buffer, Buffer>() },
      { topic: 'wick.trades.v1', partition: 3, key: Buffer.from('binance:BTCUSDT'), value: Buffer.from([3]), timestamp: BigInt(NOW + 1), headers: new Map<Buffer, Buffer>() },
      { topic: 'wick.trades.v1', partition: 0, key: Buffer.from('binance:ETHUSDT'), value: Buffer.alloc(300, 7), timestamp: BigInt(NOW), headers: new Map<Buffer, Buffer>() },
    ];
    const sequences = new NumericMap();
    sequences.set('wick.trades.v1:3', 41);
    sequences.set('wick.trades.v1:0', 2 ** 31 - 1);
    const reference = produceV11.createRequest(-1, 30_000, messages, { ...PRODUCER, sequences, compression: 'none' }).buffer;
    const ours = encodeProduceRequest(-1, 30_000, 'wick.trades.v1', [
      // The client orders partitions by number; Kafka takes them in any order.
      { partition: 0, batch: encodeRecordBatch([{ key: messages[2]!.key, value: messages[2]!.value }], { ...PRODUCER, baseSequence: 2 ** 31 - 1 }, NOW) },
      { partition: 3, batch: encodeRecordBatch([{ key: messages[0]!.key, value: messages[0]!.value }, { key: messages[1]!.key, value: messages[1]!.value, timestamp: NOW + 1 }], { ...PRODUCER, baseSequence: 41 }, NOW) },
    ]);
    expect(ours.equals(reference)).toBe(true);
  });

  it('carries batches larger than a one-byte compact length, and topic names that are not ASCII', () => {
    const batch = encodeRecordBatch([{ key: Buffer.from('k'), value: Buffer.alloc(70_000, 1) }], { ...PRODUCER, baseSequence: 0 }, NOW);
    const request = encodeProduceRequest(1, 5_000, 'tradés', [{ partition: 12, batch }]);
    const reader = Reader.from(request);
    expect(reader.readNullableString()).toBeNull();
    expect(reader.readInt16()).toBe(1);
    expect(reader.readInt32()).toBe(5_000);
    const topics = reader.readArray((r) => ({
      name: r.readString(),
      partitions: r.readArray((p) => ({ index: p.readInt32(), records: p.readBytes() })),
    }));
    expect(topics).toEqual([{ name: 'tradés', partitions: [{ index: 12, records: batch }] }]);
    reader.readTaggedFields();
    expect(reader.position).toBe(request.length);
  });
});

/** A version 11 response written with the client's own writer; `tagged` adds the tagged fields a NOT_LEADER answer carries. */
function response(partitions: ReadonlyArray<{ index: number; errorCode: number; message?: string; tagged?: boolean }>, tagged = false): Buffer {
  const taggedSection = (w: Writer, fields: ReadonlyArray<[number, Buffer]>) => {
    w.appendUnsignedVarInt(fields.length);
    for (const [tag, data] of fields) w.appendUnsignedVarInt(tag).appendUnsignedVarInt(data.length).append(data);
  };
  // current_leader (tag 0 of a partition): leader id, leader epoch, its own empty tagged fields.
  const currentLeader = Buffer.from([0, 0, 0, 2, 0, 0, 0, 9, 0]);
  const writer = Writer.create();
  writer.appendUnsignedVarInt(2).appendString('t');
  writer.appendUnsignedVarInt(partitions.length + 1);
  for (const partition of partitions) {
    writer.appendInt32(partition.index).appendInt16(partition.errorCode).appendInt64(5n).appendInt64(-1n).appendInt64(0n);
    writer.appendUnsignedVarInt(2).appendInt32(0).appendString('bad record');
    taggedSection(writer, []);
    writer.appendString(partition.message ?? null);
    taggedSection(writer, partition.tagged === true ? [[0, currentLeader]] : []);
  }
  taggedSection(writer, []);
  writer.appendInt32(0);
  // node_endpoints (tag 0 of the response): an arbitrary payload to pass over.
  taggedSection(writer, tagged ? [[0, Buffer.from([2, 0, 0, 0, 2, 10, 49, 50, 55, 46, 48, 46, 48, 46, 49, 0, 0, 35, 132, 0, 0])]] : []);
  return writer.buffer;
}

describe('the Produce response', () => {
  it("gives each partition's error code and message", () => {
    const bytes = response([{ index: 0, errorCode: 0 }, { index: 4, errorCode: 45, message: 'out of order' }]);
    const reader = Reader.from(bytes);
    expect(parseProduceResponse(reader)).toEqual([
      { topic: 't', partition: 0, errorCode: 0, errorMessage: null },
      { topic: 't', partition: 4, errorCode: 45, errorMessage: 'out of order' },
    ]);
    expect(reader.position).toBe(bytes.length);
  });

  it('passes over the tagged fields a broker adds to a NOT_LEADER answer (version 10 on)', () => {
    const bytes = response([{ index: 1, errorCode: 6, tagged: true }, { index: 2, errorCode: 0 }], true);
    const reader = Reader.from(bytes);
    expect(parseProduceResponse(reader).map(({ partition, errorCode }) => [partition, errorCode])).toEqual([[1, 6], [2, 0]]);
    expect(reader.position).toBe(bytes.length);
  });
});
