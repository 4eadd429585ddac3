// How a partition slot is named in a store. The braces are a Redis Cluster
// hash tag: both keys of a slot land on one shard, which a script touching
// both requires.
import type { PartitionSlot } from './bar-store.js';

const SCOPE = /^[A-Za-z0-9._:-]{1,200}$/;
// Kafka's own rule for topic names.
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export function slotName(slot: PartitionSlot): string {
  if (!SCOPE.test(slot.scope)) throw new RangeError(`bar store scope ${JSON.stringify(slot.scope.slice(0, 60))} must be 1-200 of A-Z a-z 0-9 . _ : -`);
  if (!TOPIC.test(slot.topic)) throw new RangeError(`topic ${JSON.stringify(slot.topic.slice(0, 60))} is not a Kafka topic name`);
  if (!Number.isSafeInteger(slot.partition) || slot.partition < 0) throw new RangeError(`partition ${slot.partition} is not a partition number`);
  return `${slot.scope}:{${slot.topic}:${slot.partition}}`;
}
