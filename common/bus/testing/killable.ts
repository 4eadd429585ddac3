// The member the contract kills: it commits after each batch but never past
// a limit, and reports what it owns and reads. In-process it runs on the
// test's bus; for Kafka it runs in a child process (kafka-member-process.ts)
// and reports over IPC, so SIGKILL can end it for real.

import type { Bus, BusConsumer } from '../bus.js';
import type { KillableMember, KillableMemberSpec } from '../bus.contract.js';
import { commitTarget } from './recorder.js';

export type MemberReport =
  | { readonly type: 'assigned' | 'revoked'; readonly partitions: readonly number[] }
  | { readonly type: 'delivered'; readonly partition: number; readonly offsets: readonly string[] };

export async function runKillableMember(bus: Bus, spec: KillableMemberSpec, report: (event: MemberReport) => void): Promise<BusConsumer> {
  const consumer = bus.consumer({ groupId: spec.groupId, topics: [spec.topic] });
  const policy = { kind: 'up-to', limit: spec.commitLimit } as const;
  await consumer.run({
    onAssigned: async (partitions) => report({ type: 'assigned', partitions: partitions.map((tp) => tp.partition) }),
    onRevoked: async (partitions) => report({ type: 'revoked', partitions: partitions.map((tp) => tp.partition) }),
    eachBatch: async (batch) => {
      const offset = commitTarget(policy, batch);
      if (offset !== undefined) await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset }]);
      report({ type: 'delivered', partition: batch.partition, offsets: batch.messages.map((m) => m.offset.toString()) });
    },
  });
  return consumer;
}

/** Folds a member's reports into the view the contract reads. */
export function memberView(kill: () => Promise<void>): KillableMember & { apply(event: MemberReport): void } {
  const owned = new Set<number>();
  const delivered: Array<{ partition: number; offset: bigint }> = [];
  return {
    owned,
    delivered,
    kill,
    apply(event) {
      if (event.type === 'delivered') {
        for (const offset of event.offsets) delivered.push({ partition: event.partition, offset: BigInt(offset) });
      } else if (event.type === 'assigned') {
        for (const partition of event.partitions) owned.add(partition);
      } else {
        for (const partition of event.partitions) owned.delete(partition);
      }
    },
  };
}
