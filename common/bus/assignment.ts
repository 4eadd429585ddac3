// Deterministic partition assignment for a consumer group: members sorted by
// id take the partitions of every subscribed topic in turn (Kafka's
// round-robin assignor), skipping members not subscribed to a topic.

import type { TopicPartition } from './bus.js';

export interface MemberSubscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

export function assignRoundRobin(
  members: readonly MemberSubscription[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const assignment = new Map<string, TopicPartition[]>(sorted.map((member) => [member.memberId, []]));
  const topics = [...new Set(sorted.flatMap((member) => member.topics))].sort();
  let cursor = 0;
  for (const topic of topics) {
    const partitions = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < partitions; partition += 1) {
      for (let tried = 0; tried < sorted.length; tried += 1) {
        const member = sorted[(cursor + tried) % sorted.length]!;
        if (!member.topics.includes(topic)) continue;
        assignment.get(member.memberId)!.push({ topic, partition });
        cursor = (cursor + tried + 1) % sorted.length;
        break;
      }
    }
  }
  return assignment;
}
