// Argument checks both buses share, so they reject the same input the same way.

import type { ConsumerOptions, PartitionOffset, TopicSpec } from './bus.js';
import { BusError } from './errors.js';

export function checkTopicSpecs(specs: readonly TopicSpec[]): void {
  for (const spec of specs) {
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
      throw new BusError('invalid-argument', `topic ${spec.topic}: partitions must be a positive integer, got ${spec.partitions}`);
    }
  }
}

export function checkConsumerOptions(options: ConsumerOptions): void {
  const { maxBatchSize } = options;
  if (maxBatchSize !== undefined && (!Number.isInteger(maxBatchSize) || maxBatchSize < 1)) {
    throw new BusError('invalid-argument', `maxBatchSize must be a positive integer, got ${maxBatchSize}`);
  }
  if (options.topics.length === 0) throw new BusError('invalid-argument', `consumer of group ${options.groupId} has no topics`);
}

export function checkOffset(position: PartitionOffset, action: string): void {
  if (position.offset < 0n) throw new BusError('invalid-argument', `cannot ${action} negative offset ${position.offset}`);
}

export function partitionMismatch(topic: string, actual: number | undefined, wanted: number): BusError {
  return new BusError('topic-mismatch', `topic ${topic} exists with ${actual ?? 'no'} partitions, not ${wanted}`);
}

export function unknownTopics(topics: readonly string[]): BusError {
  return new BusError('unknown-topic', `unknown topic(s) ${topics.join(', ')}`);
}

/** Why an explicit partition is none of the topic's (undefined when it is one); `partitions` undefined checks only the form. */
export function explicitPartitionError(topic: string, partition: number, partitions: number | undefined): BusError | undefined {
  if (Number.isInteger(partition) && partition >= 0 && (partitions === undefined || partition < partitions)) return undefined;
  return new BusError('invalid-argument', `topic ${topic} has ${partitions ?? 'no'} partitions: cannot send to partition ${partition}`);
}
