// Produce requests written by wick instead of by @platformatic/kafka, sent
// over the client's own connections and under its producer id: encoding the
// record batches was most of what a send cost the collector, and the
// client's encoder builds every record in a buffer of its own
// (record-batch.ts). The client still connects, finds the partition leaders
// (metadata) and obtains the producer id; this does the sends with the same
// idempotence rules as the client (and Kafka's Java producer):
//
// - one send at a time (the bus producer chains them), so each partition has
//   at most one batch in flight and its sequence number moves on only when
//   Kafka acknowledged the batch;
// - a batch that failed in a way worth retrying (a leader moved, a timeout,
//   a lost connection) is sent again as the very same bytes, same sequence,
//   so the broker keeps it once whether or not the first attempt landed;
//   DUPLICATE_SEQUENCE_NUMBER is that case, and counts as acknowledged;
// - any other error fails the send; the producer's owner replaces it (the
//   collector re-reads what landed and starts over with a new producer id).
import { createAPI, protocolErrors, protocolErrorsCodesById, Writer, type Connection, type Reader } from '@platformatic/kafka';
import type { Headers, OutgoingMessage } from '../bus.js';
import { withTraceHeaders } from '../trace-context.js';
import type { PlatformaticProducer } from './platformatic-client.js';
import { bytesOfKey, keyPartition } from './platformatic-records.js';
import { encodeProduceRequest, parseProduceResponse, PRODUCE_API_KEY, PRODUCE_MAX_VERSION, PRODUCE_MIN_VERSION, type PartitionBatch, type PartitionOutcome } from './produce-protocol.js';
import { encodeRecordBatch, type BatchRecord } from './record-batch.js';

const ACKS_ALL = -1;
const DUPLICATE_SEQUENCE_NUMBER = 46;
/** Errors after which the partition's leader must be looked up again. */
const STALE_LEADER_ERRORS = new Set([3, 5, 6, 13, 56, 74, 75]);
const SEQUENCE_MODULUS = 2 ** 31;

export interface DirectProduceOptions {
  /** How long the broker may wait for the in-sync replicas (the request's timeout). */
  readonly timeoutMs: number;
  /** Attempts after the first for a batch whose failure is worth retrying. */
  readonly retries: number;
  /** Wait before retry `attempt` (1-based). */
  readonly retryDelayMs: (attempt: number) => number;
  /** Wall clock for record timestamps. */
  readonly now?: () => number;
}

/** A failure Kafka reported for a partition, with its protocol error code. */
export class ProduceError extends Error {
  override readonly name = 'ProduceError';
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type ProduceApi = (connection: Connection, body: Buffer, callback: (error: Error | null, outcomes?: PartitionOutcome[]) => void) => void;

interface PendingBatch {
  readonly partition: number;
  readonly count: number;
  readonly batch: Buffer;
}

/**
 * The Produce version to use with this cluster (the highest both sides
 * know, from 9 on), or undefined when its brokers are too old for this
 * path (before Kafka 2.8): the client's own sends are used then.
 */
export async function directProduceVersion(producer: PlatformaticProducer): Promise<number | undefined> {
  const apis = await producer.listApis();
  const produce = apis.find((api) => api.name === 'Produce');
  if (produce === undefined) return undefined;
  const version = Math.min(produce.maxVersion, PRODUCE_MAX_VERSION);
  return version >= PRODUCE_MIN_VERSION && version >= produce.minVersion ? version : undefined;
}

export class DirectProducer {
  private readonly api: ProduceApi;
  /** Next sequence number per `topic\0partition`. */
  private readonly sequences = new Map<string, number>();
  private readonly now: () => number;

  constructor(
    private readonly producer: PlatformaticProducer,
    version: number,
    private readonly options: DirectProduceOptions,
  ) {
    const api = createAPI<[Buffer], PartitionOutcome[]>(
      PRODUCE_API_KEY,
      version,
      (body: Buffer) => Writer.create().append(body),
      (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader) => parseProduceResponse(reader),
    );
    this.api = api as unknown as ProduceApi;
    this.now = options.now ?? Date.now;
  }

  /** Sends `records` (directRecords()) to `topic` and resolves once Kafka acknowledged every one. */
  async send(topic: string, records: readonly DirectRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { producerId, producerEpoch } = this.producer;
    if (producerId === undefined || producerEpoch === undefined) throw new ProduceError('the producer has no producer id', undefined, false);
    let metadata = await this.producer.metadata({ topics: [topic] });
    const topicMetadata = metadata.topics.get(topic);
    if (topicMetadata === undefined) throw new ProduceError(`no metadata for topic ${topic}`, 3, true);

    const byPartition = new Map<number, BatchRecord[]>();
    for (const record of records) {
      const partition = record.partition ?? keyPartition(record.key) % topicMetadata.partitionsCount;
      let batch = byPartition.get(partition);
      if (batch === undefined) {
        batch = [];
        byPartition.set(partition, batch);
      }
      batch.push(record);
    }
    const now = this.now();
    let pending: PendingBatch[] = [];
    for (const [partition, batchRecords] of byPartition) {
      const baseSequence = this.sequences.get(sequenceKey(topic, partition)) ?? 0;
      pending.push({ partition, count: batchRecords.length, batch: encodeRecordBatch(batchRecords, { producerId, producerEpoch, baseSequence }, now) });
    }

    for (let attempt = 0; ; attempt++) {
      const failures: ProduceError[] = [];
      let staleLeaders = false;
      const byLeader = new Map<number, PendingBatch[]>();
      for (const batch of pending) {
        const leader = metadata.topics.get(topic)?.partitions[batch.partition]?.leader ?? -1;
        const batches = byLeader.get(leader) ?? [];
        batches.push(batch);
        byLeader.set(leader, batches);
      }
      const stillPending: PendingBatch[] = [];
      await Promise.all(
        [...byLeader].map(async ([leader, batches]) => {
          const broker = metadata.brokers.get(leader);
          if (broker === undefined) {
            staleLeaders = true;
            stillPending.push(...batches);
            failures.push(new ProduceError(`no known leader for ${topic} partitions ${batches.map((b) => b.partition).join(', ')}`, 5, true));
            return;
          }
          let outcomes: PartitionOutcome[];
          try {
            outcomes = await this.request(broker, topic, batches);
          } catch (error) {
            // Lost connection, timeout: the batches may or may not have landed; resent as they are, the broker keeps each once.
            staleLeaders = true;
            stillPending.push(...batches);
            failures.push(new ProduceError(`producing to ${topic} failed: ${(error as Error).message}`, undefined, true, { cause: error }));
            return;
          }
          for (const batch of batches) {
            const outcome = outcomes.find((candidate) => candidate.partition === batch.partition && candidate.topic === topic);
            const code = outcome?.errorCode;
            if (code === 0 || code === DUPLICATE_SEQUENCE_NUMBER) {
              this.acknowledged(topic, batch);
              continue;
            }
            const error = partitionError(topic, batch.partition, outcome);
            if (!error.retriable) throw error;
            if (code === undefined || STALE_LEADER_ERRORS.has(code)) staleLeaders = true;
            stillPending.push(batch);
            failures.push(error);
          }
        }),
      );
      if (stillPending.length === 0) return;
      if (attempt >= this.options.retries) {
        throw failures.length === 1 ? failures[0] : new AggregateError(failures, `producing to ${topic} failed after ${attempt + 1} attempts`);
      }
      pending = stillPending;
      await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs(attempt + 1)));
      if (staleLeaders) {
        this.producer.clearMetadata();
        metadata = await this.producer.metadata({ topics: [topic], forceUpdate: true });
      }
    }
  }

  private acknowledged(topic: string, batch: PendingBatch): void {
    const key = sequenceKey(topic, batch.partition);
    this.sequences.set(key, ((this.sequences.get(key) ?? 0) + batch.count) % SEQUENCE_MODULUS);
  }

  private async request(broker: { host: string; port: number }, topic: string, batches: readonly PendingBatch[]): Promise<PartitionOutcome[]> {
    const connection = await this.producer.connections.get(broker);
    const body = encodeProduceRequest(ACKS_ALL, this.options.timeoutMs, topic, batches.map(({ partition, batch }): PartitionBatch => ({ partition, batch })));
    return new Promise((resolve, reject) => {
      this.api(connection, body, (error, outcomes) => (error === null || error === undefined ? resolve(outcomes ?? []) : reject(error)));
    });
  }
}

function sequenceKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** A message as a record of a batch, with its explicit partition if it names one. */
export interface DirectRecord extends BatchRecord {
  readonly partition?: number;
}

/**
 * The bus's messages as records, taken now: keys as their cached bytes,
 * values as they are (views, not copies: the bus's callers hand over their
 * buffers for good), the trace headers merged in.
 */
export function directRecords(messages: readonly OutgoingMessage[], traceHeaders: Headers | undefined): DirectRecord[] {
  const records = new Array<DirectRecord>(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i] as OutgoingMessage;
    const key = bytesOfKey(message.key);
    const headers = withTraceHeaders(message.headers, traceHeaders);
    // The usual message (no headers, no timestamp, no partition) is a record of two properties.
    records[i] =
      headers === undefined && message.timestamp === undefined && message.partition === undefined
        ? { key, value: message.value }
        : {
            key,
            value: message.value,
            ...(message.timestamp === undefined ? {} : { timestamp: message.timestamp }),
            ...(headers === undefined ? {} : { headers }),
            ...(message.partition === undefined ? {} : { partition: message.partition }),
          };
  }
  return records;
}

function partitionError(topic: string, partition: number, outcome: PartitionOutcome | undefined): ProduceError {
  if (outcome === undefined) return new ProduceError(`the broker did not answer for ${topic}[${partition}]`, undefined, true);
  const id = protocolErrorsCodesById[outcome.errorCode] ?? `error ${outcome.errorCode}`;
  const retriable = protocolErrors[id]?.canRetry ?? false;
  const detail = outcome.errorMessage === null ? '' : `: ${outcome.errorMessage}`;
  return new ProduceError(`Kafka refused the batch for ${topic}[${partition}]: ${id} (${outcome.errorCode})${detail}`, outcome.errorCode, retriable);
}
