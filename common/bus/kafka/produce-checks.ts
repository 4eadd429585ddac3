// What both Kafka producers (kafkajs, @platformatic/kafka) check before a
// send. Either client would retry an unknown topic for as long as its
// idempotent producer retries (for ever), and would send an explicit
// partition the topic lacks to some other partition or retry it until its
// retries run out; the bus refuses both at once instead, with BusErrors.

import type { OutgoingMessage } from '../bus.js';
import type { BusError } from '../errors.js';
import { explicitPartitionError } from '../validation.js';

/**
 * The highest explicit partition among `messages` (-1 when none names one),
 * or the error of the first malformed one: the whole send is refused before
 * anything is written.
 */
export function highestExplicitPartition(topic: string, messages: readonly OutgoingMessage[]): number | BusError {
  let highest = -1;
  for (let i = 0; i < messages.length; i++) {
    const { partition } = messages[i] as OutgoingMessage;
    if (partition === undefined) continue;
    const malformed = explicitPartitionError(topic, partition, undefined);
    if (malformed !== undefined) return malformed;
    if (partition > highest) highest = partition;
  }
  return highest;
}

/** Checks against the broker's topics, remembered per topic until forgotten (the topic was deleted). */
export class ProduceTopicChecks {
  private readonly knownTopics = new Set<string>();
  private readonly partitionCounts = new Map<string, number>();

  constructor(
    private readonly requireTopics: (topics: readonly string[]) => Promise<void>,
    private readonly partitionCount: (topic: string) => Promise<number>,
  ) {}

  /** Rejects with unknown-topic, or invalid-argument when `highestPartition` (-1: none) is not one of the topic's. */
  async check(topic: string, highestPartition: number): Promise<void> {
    if (!this.knownTopics.has(topic)) {
      await this.requireTopics([topic]);
      this.knownTopics.add(topic);
    }
    if (highestPartition >= 0) await this.requirePartition(topic, highestPartition);
  }

  /** Whether any of `topics` was checked since it was last forgotten. */
  knowsAny(topics: readonly string[]): boolean {
    return topics.some((topic) => this.knownTopics.has(topic));
  }

  forget(topics: readonly string[]): void {
    for (const topic of topics) {
      this.knownTopics.delete(topic);
      this.partitionCounts.delete(topic);
    }
  }

  forgetAll(): void {
    this.knownTopics.clear();
    this.partitionCounts.clear();
  }

  private async requirePartition(topic: string, partition: number): Promise<void> {
    let count = this.partitionCounts.get(topic);
    // A topic can gain partitions: a count too small is asked again before refusing.
    if (count === undefined || partition >= count) {
      count = await this.partitionCount(topic);
      this.partitionCounts.set(topic, count);
    }
    const error = explicitPartitionError(topic, partition, count);
    if (error !== undefined) throw error;
  }
}
