// The contract of OffsetLookup (bus.ts), which KafkaBus and InProcessBus
// both implement: in-process-bus.test.ts runs it in memory,
// kafka-bus.int.test.ts on a real broker. Call it inside a describe(); every
// test uses its own topics and groups, deleted at the end.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bus, OffsetLookup } from './bus.js';
import { partitionForKey } from './murmur2.js';
import { keysCovering, text } from './testing/contract-helpers.js';
import { waitFor } from './testing/wait.js';

export interface OffsetLookupTarget {
  open(): Promise<Bus & OffsetLookup>;
  deleteGroups?(groupIds: readonly string[]): Promise<void>;
  /** Messages already written reach a running member within this. */
  readonly delivery: number;
}

export function offsetLookupContract(target: OffsetLookupTarget): void {
  let bus: Bus & OffsetLookup;
  const topics: string[] = [];
  const groups: string[] = [];
  const unique = (what: string): string => `offset-lookup-${what}-${randomUUID().slice(0, 8)}`;
  const topic = async (what: string, partitions: number): Promise<string> => {
    const name = unique(what);
    topics.push(name);
    await bus.createTopics([{ topic: name, partitions }]);
    return name;
  };

  beforeAll(async () => {
    bus = await target.open();
  });

  afterAll(async () => {
    if (bus === undefined) return;
    await bus.deleteTopics(topics);
    await target.deleteGroups?.(groups);
    await bus.close();
  });

  it('finds, per partition, the earliest offset whose message timestamp is at or after a time, else the end', async () => {
    const name = await topic('time', 2);
    const [first, second] = keysCovering(2, 1) as [string, string];
    const producer = await bus.producer();
    const at = (key: string, timestamp: number) => ({ key, value: text.encode(`${key}@${timestamp}`), timestamp });
    // Timestamps need not grow with offsets: the earliest offset at or after the time wins.
    await producer.send(name, [at(first, 1_000), at(first, 3_000), at(first, 2_000), at(second, 1_500), at(second, 2_500)]);
    await producer.close();
    const p1 = partitionForKey(first, 2);
    const p2 = partitionForKey(second, 2);
    const lookup = async (time: number): Promise<Record<number, bigint>> =>
      Object.fromEntries((await bus.offsetsForTime(name, time)).map((entry) => [entry.partition, entry.offset]));

    expect(await lookup(0)).toEqual({ [p1]: 0n, [p2]: 0n });
    expect(await lookup(1_000)).toEqual({ [p1]: 0n, [p2]: 0n });
    expect(await lookup(1_001)).toEqual({ [p1]: 1n, [p2]: 0n });
    expect(await lookup(2_000)).toEqual({ [p1]: 1n, [p2]: 1n });
    expect(await lookup(3_000)).toEqual({ [p1]: 1n, [p2]: 2n });
    expect(await lookup(3_001)).toEqual({ [p1]: 3n, [p2]: 2n });
    const entries = await bus.offsetsForTime(name, 0);
    expect(entries.map((entry) => entry.partition)).toEqual([0, 1]);
    expect(entries.every((entry) => entry.topic === name)).toBe(true);
    await expect(bus.offsetsForTime(unique('missing'), 0)).rejects.toMatchObject({ code: 'unknown-topic' });
  });

  it("reports a group's committed offsets per partition, undefined where it never committed", async () => {
    const name = await topic('committed', 2);
    const groupId = unique('group');
    groups.push(groupId);
    expect(await bus.committedOffsets(groupId, name)).toEqual([
      { topic: name, partition: 0, offset: undefined },
      { topic: name, partition: 1, offset: undefined },
    ]);

    const producer = await bus.producer();
    await producer.send(name, keysCovering(2, 3).map((key) => ({ key, value: text.encode(key) })));
    await producer.close();
    const consumer = bus.consumer({ groupId, topics: [name] });
    let committed = false;
    await consumer.run({
      eachBatch: async (batch) => {
        if (batch.partition !== 0 || committed) return;
        await consumer.commit([{ topic: name, partition: 0, offset: 2n }]);
        committed = true;
      },
    });
    await waitFor(() => committed, target.delivery, 'the commit of partition 0');
    await consumer.stop();

    expect(await bus.committedOffsets(groupId, name)).toEqual([
      { topic: name, partition: 0, offset: 2n },
      { topic: name, partition: 1, offset: undefined },
    ]);
    await expect(bus.committedOffsets(groupId, unique('missing'))).rejects.toMatchObject({ code: 'unknown-topic' });
  });
}
