// BusProducer over @platformatic/kafka: the same guarantees as the kafkajs
// producer (producer.ts) at several times less CPU per message, which is what
// bounds the collector's rate. Idempotent with acks=all and one request in
// flight, partitioned as Kafka's Java client does (platformatic-records.ts),
// and serialized: a send starts once the previous one settled, so the order
// of a key holds across send() calls even when one of them is retried.
//
// Unlike kafkajs, the client asks only for the metadata of the topics a send
// names, so a deleted topic needs no fresh client: forgetting what was
// checked about it, and the client's cached metadata, is enough.

import type { BusProducer, OutgoingMessage } from '../bus.js';
import { BusError } from '../errors.js';
import { activeTraceHeaders } from '../trace-context.js';
import type { PlatformaticProducer } from './platformatic-client.js';
import { toPlatformaticRecord, type PlatformaticRecord } from './platformatic-records.js';
import { highestExplicitPartition, type ProduceTopicChecks } from './produce-checks.js';

export class PlatformaticBusProducer implements BusProducer {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly producer: PlatformaticProducer,
    private readonly checks: ProduceTopicChecks,
    private readonly ended: (producer: PlatformaticBusProducer) => void,
  ) {}

  /** Connects and obtains the producer id now, so a broker that cannot be reached fails here rather than on the first send. */
  static async connect(
    createProducer: () => Promise<PlatformaticProducer>,
    checks: ProduceTopicChecks,
    ended: (producer: PlatformaticBusProducer) => void,
  ): Promise<PlatformaticBusProducer> {
    const producer = await createProducer();
    try {
      await producer.initIdempotentProducer({});
    } catch (error) {
      await producer.close().catch(() => {});
      throw error;
    }
    return new PlatformaticBusProducer(producer, checks, ended);
  }

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new BusError('closed', 'the producer is closed'));
    const highestPartition = highestExplicitPartition(topic, messages);
    if (typeof highestPartition !== 'number') return Promise.reject(highestPartition);
    // Trace headers come from the caller's context, captured now.
    const traceHeaders = activeTraceHeaders();
    const records = new Array<PlatformaticRecord>(messages.length);
    for (let i = 0; i < messages.length; i++) records[i] = toPlatformaticRecord(topic, messages[i] as OutgoingMessage, traceHeaders);
    const sent = this.chain.then(() => this.sendNow(topic, records, highestPartition));
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

  private async sendNow(topic: string, records: PlatformaticRecord[], highestPartition: number): Promise<void> {
    if (records.length === 0) return;
    await this.checks.check(topic, highestPartition);
    await this.producer.send({ messages: records });
  }
}
