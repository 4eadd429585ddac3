import type { Admin, Kafka, PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaAdmin } from './admin.js';
import { loadKafkaJs } from './kafkajs.js';

const kafkajs = loadKafkaJs();

/** What a broker answers for a topic it has not heard of yet (error code 3), as kafkajs raises it. */
const unknownTopic = (): Error => new kafkajs.KafkaJSProtocolError(Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3, retriable: true }));

/** What ListOffsets answers while a new partition's leader has not taken over yet (error code 6). */
const notLeader = (): Error => new kafkajs.KafkaJSProtocolError(Object.assign(new Error('This server is not the leader for that topic-partition'), { type: 'NOT_LEADER_FOR_PARTITION', code: 6, retriable: true }));

const partition = (partitionId: number, leader: number): PartitionMetadata => ({ partitionId, leader, partitionErrorCode: 0, replicas: [1], isr: [1] });

/**
 * A kafkajs admin over a broker where `topic` exists once created, but its
 * metadata answers with `answers` in turn (an error, or the partitions' leaders)
 * before it settles on every partition led by broker 1.
 */
function fakeKafka(
  partitions: number,
  answers: Array<Error | number[]>,
  offsetAnswers: Error[] = [],
): { kafka: Kafka; created: string[]; metadataCalls: () => number } {
  const created: string[] = [];
  let calls = 0;
  let offsetCalls = 0;
  const admin = {
    connect: async () => {},
    disconnect: async () => {},
    listTopics: async () => [...created],
    createTopics: async ({ topics, waitForLeaders }: { topics: Array<{ topic: string }>; waitForLeaders?: boolean }) => {
      // kafkajs's own wait retries LEADER_NOT_AVAILABLE only: the bus must not rely on it.
      expect(waitForLeaders).toBe(false);
      created.push(...topics.map((t) => t.topic));
      return true;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      const answer = answers[calls++];
      if (answer instanceof Error) throw answer;
      const leaders = answer ?? Array.from({ length: partitions }, () => 1);
      return { topics: topics.map((name) => ({ name, partitions: leaders.map((leader, id) => partition(id, leader)) })) };
    },
    fetchTopicOffsets: async () => {
      const answer = offsetAnswers[offsetCalls++];
      if (answer !== undefined) throw answer;
      return Array.from({ length: partitions }, (_, id) => ({ partition: id, offset: '7', low: '0', high: '7' }));
    },
  } as unknown as Admin;
  return { kafka: { admin: () => admin } as unknown as Kafka, created, metadataCalls: () => calls };
}

describe('KafkaAdmin.createTopics', () => {
  it('waits out UNKNOWN_TOPIC_OR_PARTITION and leaderless partitions right after creating a topic', async () => {
    const { kafka, created, metadataCalls } = fakeKafka(3, [unknownTopic(), unknownTopic(), [1, -1, 1]]);
    const admin = new KafkaAdmin(kafka);
    await admin.createTopics([{ topic: 'fresh', partitions: 3 }]);
    expect(created).toEqual(['fresh']);
    // Three answers that were not ready, one with every leader, one for the partition-count check.
    expect(metadataCalls()).toBe(5);
  });

  it('also retries the error when kafkajs hands it over wrapped after its own retries', async () => {
    const wrapped = new kafkajs.KafkaJSNumberOfRetriesExceeded(unknownTopic(), { retryCount: 5, retryTime: 100 });
    const { kafka, metadataCalls } = fakeKafka(2, [wrapped]);
    await new KafkaAdmin(kafka).createTopics([{ topic: 'fresh', partitions: 2 }]);
    expect(metadataCalls()).toBe(3);
  });

  it('passes on other metadata errors at once', async () => {
    const denied = new kafkajs.KafkaJSProtocolError(Object.assign(new Error('Not authorized to access topics'), { type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false }));
    const { kafka, metadataCalls } = fakeKafka(2, [denied]);
    await expect(new KafkaAdmin(kafka).createTopics([{ topic: 'fresh', partitions: 2 }])).rejects.toThrow('Not authorized');
    expect(metadataCalls()).toBe(1);
  });

  it('still reports another partition count once the leaders are there', async () => {
    const { kafka } = fakeKafka(4, [unknownTopic()]);
    await expect(new KafkaAdmin(kafka).createTopics([{ topic: 'fresh', partitions: 3 }])).rejects.toMatchObject({ code: 'topic-mismatch' });
  });
});

describe('KafkaAdmin.offsets', () => {
  it('retries while the leader of a new partition has not taken over yet', async () => {
    const { kafka } = fakeKafka(2, [], [notLeader(), notLeader()]);
    const admin = new KafkaAdmin(kafka);
    await admin.createTopics([{ topic: 'fresh', partitions: 2 }]);
    expect(await admin.offsets('fresh')).toEqual([0, 1].map((id) => ({ partition: id, low: 0n, high: 7n })));
  });
});
