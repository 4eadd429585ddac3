// BusProducer over @platformatic/kafka: the same guarantees as the kafkajs
// producer (producer.ts) at several times less CPU per message, which is what
// bounds the collector's rate. Idempotent with acks=all and one request in
// flight, partitioned as Kafka's Java client does (platformatic-records.ts),
// and serialized: a send starts once the previous one settled, so the order
// of a key holds across send() calls even when one of them is retried.
//
// The client connects, finds the leaders and obtains the producer id; the
// Produce requests themselves are written by wick (direct-produce.ts), at a
// fraction of the client's cost per message, unless the brokers are too old
// for them (before Kafka 2.8), when the client's own sends are used.
//
// Unlike kafkajs, the client asks only for the metadata of the topics a send
// names, so a deleted topic needs no fresh client: forgetting what was
// checked about it, and the client's cached metadata, is enough.

import type { BusProducer, OutgoingMessage } from '../bus.js';
import { BusError } from '../errors.js';
import { activeTraceHeaders } from '../trace-context.js';
import { DirectProducer, directProduceVersion, directRecords, type DirectProduceOptions } from './direct-produce.js';
import type { PlatformaticProducer } from './platformatic-client.js';
import { toPlatformaticRecord, type PlatformaticRecord } from './platformatic-records.js';
import { highestExplicitPartition, type ProduceTopicChecks } from './produce-checks.js';

export class PlatformaticBusProducer implements BusProducer {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly producer: PlatformaticProducer,
    /** Undefined with brokers too old for wick's own Produce requests: the client's sends are used. */
    private readonly direct: DirectProducer | undefined,
    private readonly checks: ProduceTopicChecks,
    private readonly ended: (producer: PlatformaticBusProducer) => void,
  ) {}

  /** Connects and obtains the producer id now, so a broker that cannot be reached fails here rather than on the first send. */
  static async connect(
    createProducer: () => Promise<PlatformaticProducer>,
    sendSettings: DirectProduceOptions,
    checks: ProduceTopicChecks,
    ended: (producer: PlatformaticBusProducer) => void,
  ): Promise<PlatformaticBusProducer> {
    const producer = await createProducer();
    let direct: DirectProducer | undefined;
    try {
      await producer.initIdempotentProducer({});
      const version = await directProduceVersion(producer);
      if (version !== undefined) direct = new DirectProducer(producer, version, sendSettings);
    } catch (error) {
      await producer.close().catch(() => {});
      throw error;
    }
    return new PlatformaticBusProducer(producer, direct, checks, ended);
  }

  /** Who writes the Produce requests: wick (direct-produce.ts), or the client with brokers too old for that. */
  get produceRequests(): 'wick' | 'client' {
    return this.direct === undefined ? 'client' : 'wick';
  }

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new BusError('closed', 'the producer is closed'));
    const highestPartition = highestExplicitPartition(topic, messages);
    if (typeof highestPartition !== 'number') return Promise.reject(highestPartition);
    if (messages.length === 0) return this.chain;
    // Trace headers come from the caller's context, captured now; so are the messages.
    const traceHeaders = activeTraceHeaders();
    const { direct } = this;
    let sendChecked: () => Promise<void>;
    if (direct === undefined) {
      const records = new Array<PlatformaticRecord>(messages.length);
      for (let i = 0; i < messages.length; i++) records[i] = toPlatformaticRecord(topic, messages[i] as OutgoingMessage, traceHeaders);
      sendChecked = async () => {
        await this.producer.send({ messages: records });
      };
    } else {
      const records = directRecords(messages, traceHeaders);
      sendChecked = () => direct.send(topic, records);
    }
    const sent = this.chain.then(async () => {
      await this.checks.check(topic, highestPartition);
      await sendChecked();
    });
    this.chain = sent.catch(() => {});
    return sent;
  }

  /** After `topics` were deleted: a later send to one of them is checked again (and refused) instead of retried for ever. */
  forgetTopics(topics: readonly string[]): Promise<void> {
    if (this.closed || !this.checks.knowsAny(topics)) return Promise.resolve();
    this.checks.forget(topics);
    this.producer.clearMetadata();
    return Promise.resolve();
  }

  /** Lets the sends already made finish (successfully or not), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain;
    await this.producer.close();
    this.ended(this);
  }
}
