// Topic and offset administration for the Kafka bus, over one lazily
// connected kafkajs admin client.

import type { Admin, Kafka } from 'kafkajs';
import type { CommittedOffset, PartitionOffset, PartitionRange, TopicPartition, TopicSpec } from '../bus.js';
import { checkTopicSpecs, partitionMismatch, unknownTopics } from '../validation.js';

/** Deleted topics linger in metadata briefly; deleteTopics waits this long at most for them to go. */
const DELETE_SETTLE_MS = 15_000;
const DELETE_POLL_MS = 100;
/** A topic created a moment ago is waited for this long at most to have leaders that answer. */
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 100;
/**
 * What a broker may answer about a topic created a moment ago, until every
 * broker has heard of it and its partitions' leaders have taken over: the
 * metadata answers the first two, ListOffsets the last. kafkajs's own wait for
 * leaders retries only LEADER_NOT_AVAILABLE, so it fails on the others.
 */
const NOT_READY_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

export class KafkaAdmin {
  private connected: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    checkTopicSpecs(specs);
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      const created = missing.map((spec) => spec.topic);
      await untilReady(`topics ${created.join(', ')} to have leaders`, async () => ((await this.led(admin, created)) ? true : undefined));
    }
    // Also catches a topic created concurrently by someone else with another count.
    await this.checkPartitionCounts(specs);
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((topic) => existing.has(topic));
    if (doomed.length === 0) return;
    await admin.deleteTopics({ topics: doomed });
    const deadline = Date.now() + DELETE_SETTLE_MS;
    for (;;) {
      const remaining = new Set(await admin.listTopics());
      if (!doomed.some((topic) => remaining.has(topic))) return;
      if (Date.now() > deadline) throw new Error(`topics ${doomed.join(', ')} still listed ${DELETE_SETTLE_MS} ms after deletion`);
      await new Promise((resolve) => setTimeout(resolve, DELETE_POLL_MS));
    }
  }

  async requireTopics(topics: readonly string[]): Promise<void> {
    const existing = new Set(await (await this.admin()).listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) throw unknownTopics(missing);
  }

  /** The topic's partition count from its metadata (unlike offsets(), no partition leader has to answer). */
  async partitionCount(topic: string): Promise<number> {
    await this.requireTopics([topic]);
    const { topics } = await (await this.admin()).fetchTopicMetadata({ topics: [topic] });
    return topics.find((entry) => entry.name === topic)?.partitions.length ?? 0;
  }

  async offsets(topic: string): Promise<readonly PartitionRange[]> {
    await this.requireTopics([topic]);
    const admin = await this.admin();
    const offsets = await untilReady(`the offsets of ${topic}`, () => admin.fetchTopicOffsets(topic));
    return offsets
      .map(({ partition, low, high }) => ({ partition, low: BigInt(low), high: BigInt(high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async offsetsForTime(topic: string, timestampMs: number): Promise<readonly PartitionOffset[]> {
    await this.requireTopics([topic]);
    // kafkajs answers a partition without a message that recent with its end offset.
    const admin = await this.admin();
    const offsets = await untilReady(`the offsets of ${topic} at ${timestampMs}`, () => admin.fetchTopicOffsetsByTimestamp(topic, timestampMs));
    return offsets
      .map(({ partition, offset }) => ({ topic, partition, offset: BigInt(offset) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async committedOffsets(groupId: string, topic: string): Promise<readonly CommittedOffset[]> {
    await this.requireTopics([topic]);
    const admin = await this.admin();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const partitions = (await untilReady(`the offsets of ${topic}`, () => admin.fetchTopicOffsets(topic))).map((entry) => entry.partition);
    return partitions
      .map((partition) => {
        const offset = committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
        // Kafka answers -1 for a partition the group never committed.
        return { topic, partition, offset: offset === '-1' ? undefined : BigInt(offset) };
      })
      .sort((a, b) => a.partition - b.partition);
  }

  /** The partitions among `partitions` that `groupId` has never committed, each with its end offset. */
  async uncommittedEnds(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]> {
    const admin = await this.admin();
    const topics = [...new Set(partitions.map((tp) => tp.topic))];
    const committed = await admin.fetchOffsets({ groupId, topics });
    const ends: PartitionOffset[] = [];
    for (const topic of topics) {
      const wanted = partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition);
      const commits = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      const uncommitted = wanted.filter((partition) => (commits.find((c) => c.partition === partition)?.offset ?? '-1') === '-1');
      if (uncommitted.length === 0) continue;
      const highs = await untilReady(`the offsets of ${topic}`, () => admin.fetchTopicOffsets(topic));
      for (const partition of uncommitted) {
        const high = highs.find((entry) => entry.partition === partition)?.high;
        if (high !== undefined) ends.push({ topic, partition, offset: BigInt(high) });
      }
    }
    return ends;
  }

  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    if (connected !== undefined) await (await connected).disconnect();
  }

  /** Whether every partition of `topics` has a leader. */
  private async led(admin: Admin, topics: readonly string[]): Promise<boolean> {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return topics.every((name) => {
      const partitions = metadata.topics.find((topic) => topic.name === name)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
    });
  }

  private async checkPartitionCounts(specs: readonly TopicSpec[]): Promise<void> {
    const { topics } = await (await this.admin()).fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
    for (const spec of specs) {
      const actual = topics.find((topic) => topic.name === spec.topic)?.partitions.length;
      if (actual !== spec.partitions) throw partitionMismatch(spec.topic, actual, spec.partitions);
    }
  }

  private admin(): Promise<Admin> {
    if (this.connected === undefined) {
      const admin = this.kafka.admin();
      const connecting = admin.connect().then(() => admin);
      // A failed connection is not cached: the next call tries again.
      connecting.catch(() => {
        if (this.connected === connecting) this.connected = undefined;
      });
      this.connected = connecting;
    }
    return this.connected;
  }
}

/** kafkajs gives up on a retried error by wrapping it in another (cause). */
function isNotReadyYet(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const { type } = current as Error & { type?: unknown };
    if (typeof type === 'string' && NOT_READY_YET.has(type)) return true;
  }
  return false;
}

/**
 * `attempt`'s result once it has one (not undefined), retrying while it fails
 * because a topic is not ready yet (NOT_READY_YET), for READY_TIMEOUT_MS at most.
 */
async function untilReady<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    let notReady: unknown;
    try {
      const result = await attempt();
      if (result !== undefined) return result;
    } catch (error) {
      if (!isNotReadyYet(error)) throw error;
      notReady = error;
    }
    if (Date.now() >= deadline) throw new Error(`gave up waiting ${READY_TIMEOUT_MS} ms for ${what}`, { cause: notReady });
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}
