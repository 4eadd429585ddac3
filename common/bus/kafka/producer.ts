// The Kafka producer behind BusProducer: idempotent (acks=all, one request in
// flight per broker, retried with the same sequence numbers, so a retry can
// neither duplicate nor reorder), partitioned with Kafka's murmur2, and
// serialized: a send starts once the previous one settled, which keeps the
// order of a key across send() calls even when one of them is retried.
//
// Cost per message matters here (the collector sends 100k+ a second) and
// kafkajs already spends several microseconds on each: a plain message
// (no headers, no timestamp, the usual case) goes to kafkajs as {key, value}
// only, with its value as it is when it already is a Buffer, so kafkajs
// copies fewer properties per record and no view is made.

import { context } from '@opentelemetry/api';
import type { Message, Producer } from 'kafkajs';
import type { BusProducer, Headers, OutgoingMessage } from '../bus.js';
import { BusError } from '../errors.js';
import { activeTraceHeaders, withTraceHeaders } from '../trace-context.js';
import { toKafkaMessage } from './messages.js';
import { highestExplicitPartition, type ProduceTopicChecks } from './produce-checks.js';

/** acks=-1: every in-sync replica has the message before send() resolves. */
const ALL_REPLICAS = -1;

export class KafkaBusProducer implements BusProducer {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private producer: Producer,
    private readonly createProducer: () => Producer,
    private readonly checks: ProduceTopicChecks,
    private readonly ended: (producer: KafkaBusProducer) => void,
  ) {}

  static async connect(
    createProducer: () => Producer,
    checks: ProduceTopicChecks,
    ended: (producer: KafkaBusProducer) => void,
  ): Promise<KafkaBusProducer> {
    const producer = createProducer();
    await producer.connect();
    return new KafkaBusProducer(producer, createProducer, checks, ended);
  }

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new BusError('closed', 'the producer is closed'));
    const highestPartition = highestExplicitPartition(topic, messages);
    if (typeof highestPartition !== 'number') return Promise.reject(highestPartition);
    // Trace headers come from the caller's context, captured now.
    const traceHeaders = activeTraceHeaders();
    const kafkaMessages = new Array<Message>(messages.length);
    for (let i = 0; i < messages.length; i++) kafkaMessages[i] = toProducedMessage(messages[i] as OutgoingMessage, traceHeaders);
    const callerContext = context.active();
    const sent = this.chain.then(() => context.with(callerContext, () => this.sendNow(topic, kafkaMessages, highestPartition)));
    this.chain = sent.catch(() => {});
    return sent;
  }

  /**
   * kafkajs asks for the metadata of every topic a producer ever sent to, so
   * after one is deleted each later send fails (UNKNOWN_TOPIC_OR_PARTITION).
   * A producer that used a deleted topic therefore swaps in a fresh client,
   * in turn with the sends.
   */
  forgetTopics(topics: readonly string[]): Promise<void> {
    if (this.closed || !this.checks.knowsAny(topics)) return Promise.resolve();
    const replaced = this.chain.then(() => this.replaceClient());
    this.chain = replaced.catch(() => {});
    return replaced;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain;
    await this.producer.disconnect();
    this.ended(this);
  }

  private async replaceClient(): Promise<void> {
    const fresh = this.createProducer();
    await fresh.connect();
    const old = this.producer;
    this.producer = fresh;
    this.checks.forgetAll();
    await old.disconnect();
  }

  private async sendNow(topic: string, messages: Message[], highestPartition: number): Promise<void> {
    if (messages.length === 0) return;
    await this.checks.check(topic, highestPartition);
    await this.producer.send({ topic, messages, acks: ALL_REPLICAS });
  }
}

function toProducedMessage(message: OutgoingMessage, traceHeaders: Headers | undefined): Message {
  const headers = withTraceHeaders(message.headers, traceHeaders);
  if (headers !== undefined || message.timestamp !== undefined || message.partition !== undefined) return toKafkaMessage(message, headers);
  const { key, value } = message;
  return { key, value: Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength) };
}
