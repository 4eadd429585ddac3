// Small helpers of the bus contract suite (bus.contract.ts).

import type { BusMessage, OutgoingMessage } from '../bus.js';
import { partitionForKey } from '../murmur2.js';

export const text = new TextEncoder();
export const decode = (message: BusMessage): string => new TextDecoder().decode(message.value);

/** Keys whose partitions cover every partition `perPartition` times, in a fixed order. */
export function keysCovering(partitions: number, perPartition: number): string[] {
  const counts = new Array<number>(partitions).fill(0);
  const keys: string[] = [];
  for (let i = 0; counts.some((count) => count < perPartition); i += 1) {
    const key = `key-${i}`;
    const partition = partitionForKey(key, partitions);
    if (counts[partition]! < perPartition) {
      counts[partition]! += 1;
      keys.push(key);
    }
  }
  return keys;
}

export const message = (key: string, seq: number): OutgoingMessage => ({ key, value: text.encode(`${key}#${seq}`) });

export const offsetsOf = (messages: readonly BusMessage[], partition: number): bigint[] =>
  messages.filter((m) => m.partition === partition).map((m) => m.offset);

export const range = (from: number, to: number): bigint[] => Array.from({ length: to - from }, (_, i) => BigInt(from + i));

/** The error a synchronous call throws, or undefined. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

export const uniqueCount = (messages: readonly BusMessage[]): number =>
  new Set(messages.map((m) => `${m.topic}:${m.partition}:${m.offset}`)).size;
