// Conversions between the bus's messages and kafkajs's wire objects.

import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage, Headers, OutgoingMessage } from '../bus.js';

const EMPTY_HEADERS: Headers = Object.freeze({});
const EMPTY_VALUE = new Uint8Array(0);

export function toKafkaMessage(message: OutgoingMessage, headers: Headers | undefined): Message {
  const { value } = message;
  return {
    key: message.key,
    // A view, not a copy: kafkajs only reads it while encoding.
    value: Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    // A fresh object per message: the kafkajs instrumentation writes each
    // message's own producer span into it.
    headers: headers === undefined ? undefined : { ...headers },
    timestamp: message.timestamp === undefined ? undefined : String(message.timestamp),
    // The bus's partitioner (kafka-bus.ts) keeps an explicit partition.
    partition: message.partition,
  };
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    key: message.key === null ? '' : message.key.toString('utf8'),
    value: message.value ?? EMPTY_VALUE,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function decodeHeaders(headers: IHeaders | undefined): Headers {
  if (headers === undefined) return EMPTY_HEADERS;
  let decoded: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    // Kafka allows a header name twice; like a map, the last value wins.
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    (decoded ??= {})[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return decoded ?? EMPTY_HEADERS;
}
