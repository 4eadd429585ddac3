// kafkajs's commitOffsets resolves without committing anything when its
// runner has already stopped (after a crash, before the CRASH event). The
// commit is confirmed by the COMMIT_OFFSETS event kafkajs emits once the
// broker accepted it, so a commit that did not happen is an error, not a
// silent success.

import type { Consumer } from 'kafkajs';
import type { PartitionOffset } from '../bus.js';
import { BusError } from '../errors.js';

/** Kafka's answers to a commit from a member whose generation is over. */
const GROUP_MOVED_ON = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

interface CommittedTopic {
  readonly topic: string;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly offset: unknown }>;
}

export async function confirmCommit(consumer: Consumer, offsets: readonly PartitionOffset[]): Promise<void> {
  const wanted = offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: offset.toString() }));
  let confirmed = false;
  const stopListening = consumer.on(consumer.events.COMMIT_OFFSETS, (event) => {
    if (covers(event.payload.topics as readonly CommittedTopic[], wanted)) confirmed = true;
  });
  try {
    await consumer.commitOffsets(wanted);
  } catch (error) {
    if (groupMovedOn(error)) throw new BusError('rebalanced', 'the group rebalanced before the commit reached it', { cause: error });
    throw error;
  } finally {
    stopListening();
  }
  if (!confirmed) throw new BusError('closed', 'offsets were not committed: the Kafka consumer is no longer running');
}

/** kafkajs wraps protocol errors (retrier, non-retriable wrapper); the type sits somewhere in the cause chain. */
function groupMovedOn(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (GROUP_MOVED_ON.has((current as { type?: string }).type ?? '')) return true;
  }
  return false;
}

function covers(committed: readonly CommittedTopic[], wanted: readonly { topic: string; partition: number; offset: string }[]): boolean {
  return wanted.every(({ topic, partition, offset }) =>
    committed.some(
      (entry) =>
        entry.topic === topic &&
        entry.partitions.some((candidate) => candidate.partition === partition && String(candidate.offset) === offset),
    ),
  );
}
