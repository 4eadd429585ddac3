import { readRecordsBatch, Reader, type Writer } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../murmur2.js';
import { DirectProducer, directRecords, ProduceError } from './direct-produce.js';
import type { PlatformaticProducer } from './platformatic-client.js';
import type { PartitionOutcome } from './produce-protocol.js';

interface SentBatch {
  readonly partition: number;
  readonly bytes: Buffer;
  readonly baseSequence: number;
  readonly values: string[];
}

interface Request {
  readonly broker: string;
  readonly batches: SentBatch[];
}

/** What the fake broker answers a request: an error for the connection, or an error code per partition (0 when absent). */
type Answer = Error | Record<number, number>;

/** A client whose connections record each Produce request and answer from a script. */
function fakeClient(answers: Answer[], leaders: readonly number[] = [1, 1, 2, 2]) {
  const requests: Request[] = [];
  const metadataCalls: Array<{ forceUpdate?: boolean }> = [];
  let cleared = 0;
  const brokers = new Map([[1, { host: 'broker-1', port: 9092 }], [2, { host: 'broker-2', port: 9092 }]]);
  const connectionTo = (broker: { host: string }) => ({
    send(_key: number, _version: number, createPayload: () => Writer, _parser: unknown, _reqTags: boolean, _resTags: boolean, callback: (error: Error | null, outcomes?: PartitionOutcome[]) => void) {
      const reader = Reader.from(createPayload().buffer);
      reader.readNullableString();
      reader.readInt16();
      reader.readInt32();
      const batches: SentBatch[] = [];
      reader.readArray((topicReader) => {
        topicReader.readString();
        topicReader.readArray((partitionReader) => {
          const partition = partitionReader.readInt32();
          const bytes = partitionReader.readBytes();
          const batch = readRecordsBatch(Reader.from(bytes));
          batches.push({ partition, bytes, baseSequence: batch.firstSequence, values: batch.records.map((record) => String(record.value)) });
        });
      });
      requests.push({ broker: broker.host, batches });
      const answer = answers.shift() ?? {};
      setImmediate(() => {
        if (answer instanceof Error) callback(answer);
        else callback(null, batches.map(({ partition }) => ({ topic: 't', partition, errorCode: answer[partition] ?? 0, errorMessage: null })));
      });
    },
  });
  const client = {
    producerId: 9n,
    producerEpoch: 0,
    metadata: (options: { forceUpdate?: boolean }) => {
      metadataCalls.push(options);
      return Promise.resolve({ brokers, topics: new Map([['t', { partitionsCount: leaders.length, partitions: leaders.map((leader) => ({ leader })) }]]) });
    },
    clearMetadata: () => {
      cleared++;
    },
    connections: { get: (broker: { host: string }) => Promise.resolve(connectionTo(broker)) },
  };
  return { client: client as unknown as PlatformaticProducer, requests, metadataCalls, cleared: () => cleared };
}

const OPTIONS = { timeoutMs: 1_000, retries: 3, retryDelayMs: () => 1, now: () => 1_700_000_000_000 };
const text = new TextEncoder();
const toPartition = (partition: number, ...values: string[]) => directRecords(values.map((value) => ({ key: 'k', value: text.encode(value), partition })), undefined);

describe('DirectProducer', () => {
  it('sends one batch per partition to its leader, and numbers each partition from 0 on, send after send', async () => {
    const { client, requests } = fakeClient([]);
    const producer = new DirectProducer(client, 11, OPTIONS);
    await producer.send('t', [...toPartition(0, 'a', 'b'), ...toPartition(2, 'c'), ...toPartition(0, 'd')]);
    await producer.send('t', [...toPartition(0, 'e'), ...toPartition(2, 'f', 'g')]);
    expect(requests.map(({ broker, batches }) => [broker, batches.map(({ partition, baseSequence, values }) => [partition, baseSequence, values])]).sort()).toEqual([
      ['broker-1', [[0, 0, ['a', 'b', 'd']]]],
      ['broker-1', [[0, 3, ['e']]]],
      ['broker-2', [[2, 0, ['c']]]],
      ['broker-2', [[2, 1, ['f', 'g']]]],
    ]);
  });

  it("puts keyed records where Kafka's Java partitioner does", async () => {
    const { client, requests } = fakeClient([]);
    const keys = ['binance:BTCUSDT', 'binance:ETHUSDT', 'binance:XRPETH', 'binance:SOLUSDT'];
    await new DirectProducer(client, 11, OPTIONS).send('t', directRecords(keys.map((key) => ({ key, value: text.encode(key) })), undefined));
    const placed = requests.flatMap(({ batches }) => batches.flatMap(({ partition, values }) => values.map((value) => [value, partition])));
    expect(new Map(placed as Array<[string, number]>)).toEqual(new Map(keys.map((key) => [key, partitionForKey(key, 4)])));
  });

  it('resends a batch whose leader moved as the same bytes, after looking the leader up again', async () => {
    const { client, requests, metadataCalls, cleared } = fakeClient([{ 0: 6 }]);
    const producer = new DirectProducer(client, 11, OPTIONS);
    await producer.send('t', toPartition(0, 'a', 'b'));
    expect(requests).toHaveLength(2);
    expect(requests[1]?.batches[0]?.bytes.equals(requests[0]?.batches[0]?.bytes as Buffer)).toBe(true);
    expect(cleared()).toBe(1);
    expect(metadataCalls.at(-1)).toMatchObject({ forceUpdate: true });
    await producer.send('t', toPartition(0, 'c'));
    expect(requests[2]?.batches[0]?.baseSequence).toBe(2);
  });

  it('resends the same bytes after a lost connection, and counts DUPLICATE_SEQUENCE_NUMBER as acknowledged', async () => {
    const { client, requests } = fakeClient([new Error('socket hang up'), { 0: 46 }]);
    const producer = new DirectProducer(client, 11, OPTIONS);
    await producer.send('t', toPartition(0, 'a'));
    expect(requests).toHaveLength(2);
    expect(requests[1]?.batches[0]?.bytes.equals(requests[0]?.batches[0]?.bytes as Buffer)).toBe(true);
    await producer.send('t', toPartition(0, 'b'));
    expect(requests[2]?.batches[0]?.baseSequence).toBe(1);
  });

  it('resends only the partitions that failed; the others move on', async () => {
    const { client, requests } = fakeClient([{ 2: 7 }], [1, 1, 1, 1]);
    const producer = new DirectProducer(client, 11, OPTIONS);
    await producer.send('t', [...toPartition(0, 'a'), ...toPartition(2, 'b')]);
    expect(requests.map(({ batches }) => batches.map(({ partition }) => partition))).toEqual([[0, 2], [2]]);
    await producer.send('t', [...toPartition(0, 'c'), ...toPartition(2, 'd')]);
    expect(requests[2]?.batches.map(({ partition, baseSequence }) => [partition, baseSequence])).toEqual([[0, 1], [2, 1]]);
  });

  it('fails at once on an error not worth retrying, naming it', async () => {
    const { client, requests } = fakeClient([{ 0: 45 }]);
    const sent = new DirectProducer(client, 11, OPTIONS).send('t', toPartition(0, 'a'));
    await expect(sent).rejects.toThrow(ProduceError);
    await expect(sent).rejects.toMatchObject({ code: 45, retriable: false, message: expect.stringContaining('OUT_OF_ORDER_SEQUENCE_NUMBER') });
    expect(requests).toHaveLength(1);
  });

  it('gives up after its retries, with the last error', async () => {
    const { client, requests } = fakeClient([{ 0: 7 }, { 0: 7 }, { 0: 7 }, { 0: 7 }, {}]);
    await expect(new DirectProducer(client, 11, OPTIONS).send('t', toPartition(0, 'a'))).rejects.toMatchObject({ code: 7, retriable: true });
    expect(requests).toHaveLength(OPTIONS.retries + 1);
  });

  it('takes the trace headers, timestamps and explicit partitions of the messages', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const records = directRecords(
      [
        { key: 'a', value: text.encode('1') },
        { key: 'b', value: text.encode('2'), headers: { own: 'x' }, timestamp: 1_000, partition: 3 },
        { key: 'c', value: text.encode('3'), headers: { traceparent: 'theirs' } },
      ],
      { traceparent },
    );
    expect(records.map(({ headers, timestamp, partition }) => ({ headers, timestamp, partition }))).toEqual([
      { headers: { traceparent }, timestamp: undefined, partition: undefined },
      { headers: { own: 'x', traceparent }, timestamp: 1_000, partition: 3 },
      { headers: { traceparent: 'theirs' }, timestamp: undefined, partition: undefined },
    ]);
    expect(records[0]?.key).toBe(directRecords([{ key: 'a', value: new Uint8Array(0) }], undefined)[0]?.key);
  });
});
