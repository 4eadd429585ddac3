// A consumer-group member for the contract suite that records what it is
// given (assignments, revocations, batches) and commits by a chosen policy.
// The Kafka crash test runs the same recorder in a child process.

import type { Bus, BusConsumer, BusMessage, ConsumerOptions, MessageBatch, TopicPartition } from '../bus.js';

export type CommitPolicy =
  /** Commit the next offset after every batch. */
  | { readonly kind: 'each-batch' }
  /** Commit after every batch, but never beyond `limit` (so a restart redelivers from there). */
  | { readonly kind: 'up-to'; readonly limit: bigint }
  | { readonly kind: 'never' };

export interface RecorderHooks {
  onAssigned?(consumer: BusConsumer, partitions: readonly TopicPartition[]): Promise<void> | void;
  onBatch?(consumer: BusConsumer, batch: MessageBatch): Promise<void> | void;
}

export interface Recorder {
  readonly name: string;
  readonly consumer: BusConsumer;
  readonly messages: BusMessage[];
  readonly batches: MessageBatch[];
  /** Partitions owned now, as `topic:partition`. */
  readonly owned: Set<string>;
}

/** One ordered log shared by several recorders, to check what happened before what. */
export type Timeline = string[];

export const tpKey = (tp: TopicPartition): string => `${tp.topic}:${tp.partition}`;

export function commitTarget(policy: CommitPolicy, batch: MessageBatch): bigint | undefined {
  const next = batch.messages[batch.messages.length - 1]!.offset + 1n;
  if (policy.kind === 'never') return undefined;
  if (policy.kind === 'each-batch') return next;
  const first = batch.messages[0]!.offset;
  return first >= policy.limit ? undefined : next < policy.limit ? next : policy.limit;
}

export async function startRecorder(
  bus: Bus,
  name: string,
  options: ConsumerOptions,
  policy: CommitPolicy,
  timeline: Timeline = [],
  hooks: RecorderHooks = {},
): Promise<Recorder> {
  const consumer = bus.consumer(options);
  const recorder: Recorder = { name, consumer, messages: [], batches: [], owned: new Set() };
  await consumer.run({
    onAssigned: async (partitions) => {
      timeline.push(`${name} assigned ${partitions.map(tpKey).sort().join(',')}`);
      for (const tp of partitions) recorder.owned.add(tpKey(tp));
      await hooks.onAssigned?.(consumer, partitions);
    },
    onRevoked: async (partitions) => {
      timeline.push(`${name} revoked ${partitions.map(tpKey).sort().join(',')}`);
      for (const tp of partitions) recorder.owned.delete(tpKey(tp));
    },
    eachBatch: async (batch) => {
      recorder.batches.push(batch);
      recorder.messages.push(...batch.messages);
      await hooks.onBatch?.(consumer, batch);
      const offset = commitTarget(policy, batch);
      if (offset !== undefined) await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset }]);
    },
  });
  return recorder;
}
