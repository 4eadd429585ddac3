// An in-process consumer group: membership, committed offsets, and
// rebalances run one at a time. Every rebalance is eager, like Kafka's
// classic protocol: all members (including those leaving) give up their
// partitions first, each calling onRevoked once its batches in flight have
// finished, and only then are the partitions assigned anew. So a partition's
// new owner never runs onAssigned before the old owner's onRevoked resolved.

import { assignRoundRobin } from '../assignment.js';
import type { PartitionOffset, TopicPartition } from '../bus.js';

export interface GroupMember {
  readonly memberId: string;
  readonly topics: readonly string[];
  /** Whether the member should receive partitions in the next assignment. */
  participates(): boolean;
  revokeAll(): Promise<void>;
  assign(partitions: readonly TopicPartition[], generation: number): Promise<void>;
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class InProcessGroup {
  private members: GroupMember[] = [];
  private departed: GroupMember[] = [];
  private readonly committed = new Map<string, bigint>();
  private queue: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    readonly groupId: string,
    private readonly partitionCount: (topic: string) => number,
  ) {}

  get currentGeneration(): number {
    return this.generation;
  }

  /** Adds a member; resolves once the rebalance it caused is complete. */
  join(member: GroupMember): Promise<void> {
    this.members.push(member);
    return this.rebalance();
  }

  /** Removes a member; its revocation is part of the rebalance this schedules. */
  leave(member: GroupMember): Promise<void> {
    if (!this.members.includes(member)) return this.queue;
    this.members = this.members.filter((candidate) => candidate !== member);
    this.departed.push(member);
    return this.rebalance();
  }

  committedOffset(topic: string, partition: number): bigint | undefined {
    return this.committed.get(partitionKey(topic, partition));
  }

  commit(offsets: readonly PartitionOffset[]): void {
    for (const { topic, partition, offset } of offsets) this.committed.set(partitionKey(topic, partition), offset);
  }

  /** Drops the committed offsets of a deleted topic, as Kafka does. */
  forgetTopic(topic: string): void {
    for (const key of [...this.committed.keys()]) {
      if (key.startsWith(`${topic}\u0000`)) this.committed.delete(key);
    }
  }

  private rebalance(): Promise<void> {
    const run = this.queue.then(() => this.rebalanceNow());
    this.queue = run.catch(() => {});
    return run;
  }

  private async rebalanceNow(): Promise<void> {
    const departing = this.departed.splice(0);
    await Promise.all([...this.members, ...departing].map((member) => member.revokeAll()));
    const active = this.members.filter((member) => member.participates());
    const counts = new Map<string, number>();
    for (const topic of new Set(active.flatMap((member) => member.topics))) counts.set(topic, this.partitionCount(topic));
    const assignment = assignRoundRobin(active, counts);
    this.generation += 1;
    const generation = this.generation;
    await Promise.all(active.map((member) => member.assign(assignment.get(member.memberId) ?? [], generation)));
  }
}
