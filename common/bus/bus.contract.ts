// The one contract every Bus implementation passes. in-process-bus.test.ts
// runs it against the in-process bus, kafka-bus.int.test.ts against a real
// Kafka broker. Call busContract() inside a describe(); every test uses its
// own topics and groups, and the suite deletes them at the end.

import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Bus, BusConsumer, BusProducer, OutgoingMessage } from './bus.js';
import { partitionForKey } from './murmur2.js';
import { decode, keysCovering, message, offsetsOf, range, text, thrown, uniqueCount } from './testing/contract-helpers.js';
import { startRecorder, tpKey, type CommitPolicy, type Recorder, type RecorderHooks, type Timeline } from './testing/recorder.js';
import { waitFor, within } from './testing/wait.js';

export { keysCovering } from './testing/contract-helpers.js';

export interface KillableMemberSpec {
  readonly groupId: string;
  readonly topic: string;
  /** The member commits after every batch, but never an offset beyond this one. */
  readonly commitLimit: bigint;
}

/** A group member whose end is abrupt: no onRevoked, no last commit. */
export interface KillableMember {
  /** Partition numbers it owns now. */
  readonly owned: ReadonlySet<number>;
  /** What it delivered (each batch committed up to the limit before being listed). */
  readonly delivered: ReadonlyArray<{ readonly partition: number; readonly offset: bigint }>;
  kill(): Promise<void>;
}

export interface BusContractTarget {
  /** Opens the bus under test; the suite closes it. */
  open(): Promise<Bus>;
  /** Starts a member that can die abruptly: for Kafka a child process killed with SIGKILL. */
  startKillableMember(bus: Bus, spec: KillableMemberSpec): Promise<KillableMember>;
  /** Removes consumer groups the suite created, where the bus keeps them beyond close. */
  deleteGroups?(groupIds: readonly string[]): Promise<void>;
  readonly timeouts: {
    /** Messages already written reach a running member within this. */
    readonly delivery: number;
    /** The partitions of a member that died reach the survivors within this. */
    readonly takeover: number;
  };
}

export function busContract(target: BusContractTarget): void {
  let bus: Bus;
  let producer: BusProducer;
  const topics: string[] = [];
  const groups: string[] = [];
  const running: BusConsumer[] = [];
  const killable: KillableMember[] = [];
  const { delivery, takeover } = target.timeouts;

  const unique = (what: string): string => `bus-contract-${what}-${randomUUID().slice(0, 8)}`;
  const group = (what: string): string => {
    const id = unique(what);
    groups.push(id);
    return id;
  };
  const topic = async (what: string, partitions: number): Promise<string> => {
    const name = unique(what);
    topics.push(name);
    await bus.createTopics([{ topic: name, partitions }]);
    return name;
  };
  const record = async (
    name: string,
    options: Parameters<Bus['consumer']>[0],
    policy: CommitPolicy,
    timeline?: Timeline,
    hooks?: RecorderHooks,
  ): Promise<Recorder> => {
    const recorder = await startRecorder(bus, name, options, policy, timeline, hooks);
    running.push(recorder.consumer);
    return recorder;
  };

  beforeAll(async () => {
    bus = await target.open();
    producer = await bus.producer();
  });

  afterEach(async () => {
    await Promise.allSettled(killable.splice(0).map((member) => member.kill()));
    await Promise.allSettled(running.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    if (bus === undefined) return;
    await bus.deleteTopics(topics);
    await target.deleteGroups?.(groups);
    await bus.close();
  });

  it('creates topics idempotently, refuses another partition count, and reports offsets', async () => {
    const name = await topic('create', 3);
    await bus.createTopics([{ topic: name, partitions: 3 }]);
    await expect(bus.createTopics([{ topic: name, partitions: 4 }])).rejects.toMatchObject({ code: 'topic-mismatch', message: expect.stringMatching(/3 partitions/) });
    await expect(bus.createTopics([{ topic: unique('none'), partitions: 0 }])).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(await bus.offsets(name)).toEqual([0, 1, 2].map((partition) => ({ partition, low: 0n, high: 0n })));

    const keys = keysCovering(3, 2);
    await producer.send(name, keys.map((key) => message(key, 0)));
    const expected = [0, 1, 2].map((partition) => BigInt(keys.filter((key) => partitionForKey(key, 3) === partition).length));
    expect((await bus.offsets(name)).map((range) => range.high)).toEqual(expected);

    await bus.deleteTopics([name]);
    await expect(bus.offsets(name)).rejects.toMatchObject({ code: 'unknown-topic' });
    await bus.deleteTopics([name]);
  });

  it('rejects sends to, and consumers of, a topic that does not exist', async () => {
    const missing = unique('missing');
    await expect(producer.send(missing, [message('k', 0)])).rejects.toMatchObject({ code: 'unknown-topic', message: expect.stringContaining(missing) });
    const consumer = bus.consumer({ groupId: group('missing'), topics: [missing] });
    await expect(consumer.run({ eachBatch: async () => {} })).rejects.toMatchObject({ code: 'unknown-topic' });
  });

  it('delivers every message once, in order per key, on the partition Kafka picks', async () => {
    const partitions = 8;
    const name = await topic('order', partitions);
    const keys = Array.from({ length: 40 }, (_, i) => `sym-${i}`);
    const perKey = 25;
    // Five sends, each interleaving every key, so order must survive across calls.
    for (let round = 0; round < 5; round += 1) {
      const batch: OutgoingMessage[] = [];
      for (let seq = round * 5; seq < round * 5 + 5; seq += 1) for (const key of keys) batch.push(message(key, seq));
      await producer.send(name, batch);
    }
    const total = keys.length * perKey;
    const recorder = await record('orderly', { groupId: group('order'), topics: [name], maxBatchSize: 16 }, { kind: 'each-batch' });
    await waitFor(() => recorder.messages.length >= total, delivery, `${total} messages`);

    expect(recorder.messages).toHaveLength(total);
    expect(uniqueCount(recorder.messages)).toBe(total);
    for (const key of keys) {
      const sequence = recorder.messages.filter((m) => m.key === key).map(decode);
      expect(sequence).toEqual(Array.from({ length: perKey }, (_, seq) => `${key}#${seq}`));
    }
    for (const m of recorder.messages) expect(m.partition).toBe(partitionForKey(m.key, partitions));
    const ranges = await bus.offsets(name);
    for (const { partition, high } of ranges) expect(offsetsOf(recorder.messages, partition)).toEqual(range(0, Number(high)));
    for (const batch of recorder.batches) {
      expect(batch.messages.length).toBeGreaterThan(0);
      expect(batch.messages.length).toBeLessThanOrEqual(16);
      expect(batch.messages.every((m) => m.topic === name && m.partition === batch.partition)).toBe(true);
    }
  });

  it('carries keys, values, headers and timestamps unchanged', async () => {
    const name = await topic('fields', 2);
    const value = Uint8Array.from({ length: 256 }, (_, i) => i);
    const sent: OutgoingMessage = {
      key: 'clé:ÉTÉ-日本',
      value,
      headers: { 'content-type': 'application/x-protobuf', note: 'naïve ✓' },
      timestamp: 1_600_000_000_123,
    };
    const before = Date.now();
    await producer.send(name, [sent, { key: 'stamped', value: text.encode('now') }]);
    const recorder = await record('fields', { groupId: group('fields'), topics: [name] }, { kind: 'each-batch' });
    await waitFor(() => recorder.messages.length >= 2, delivery, 'both messages');

    const received = recorder.messages.find((m) => m.key === sent.key)!;
    expect(received.partition).toBe(partitionForKey(sent.key, 2));
    expect([...received.value]).toEqual([...value]);
    expect(received.headers).toEqual(sent.headers);
    expect(received.timestamp).toBe(sent.timestamp);
    const stamped = recorder.messages.find((m) => m.key === 'stamped')!;
    expect(stamped.timestamp).toBeGreaterThanOrEqual(before - 1_000);
    expect(stamped.timestamp).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(stamped.headers).toEqual({});
  });

  it('sends a message with an explicit partition there, whatever its key, and rejects a partition the topic lacks', async () => {
    const name = await topic('explicit', 4);
    const hashed = partitionForKey('k', 4);
    const chosen = (hashed + 1) % 4;
    await producer.send(name, [message('k', 0), { ...message('k', 1), partition: chosen }, { ...message('other', 2), partition: chosen }]);
    for (const bad of [4, -1, 1.5]) {
      await expect(producer.send(name, [message('k', 3), { ...message('k', 4), partition: bad }])).rejects.toMatchObject({
        code: 'invalid-argument',
        message: expect.stringContaining(`partition ${bad}`),
      });
    }
    const recorder = await record('explicit', { groupId: group('explicit'), topics: [name] }, { kind: 'each-batch' });
    await waitFor(() => recorder.messages.length >= 3, delivery, 'three messages');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The rejected sends wrote nothing, not even the good message before the bad one.
    expect(recorder.messages.map((m) => [decode(m), m.partition])).toEqual(
      expect.arrayContaining([
        ['k#0', hashed],
        ['k#1', chosen],
        ['other#2', chosen],
      ]),
    );
    expect(recorder.messages).toHaveLength(3);
  });

  it('lets the sends made before close() finish, then refuses sends as closed; close() is idempotent', async () => {
    const name = await topic('close', 2);
    const closing = await bus.producer();
    const keys = keysCovering(2, 3);
    // Not awaited: close() is called while they may be in flight or queued.
    const sends = [closing.send(name, keys.map((key) => message(key, 0))), closing.send(name, keys.map((key) => message(key, 1)))];
    const closed = closing.close();
    await expect(closing.send(name, [message('late', 0)])).rejects.toMatchObject({ code: 'closed' });
    await Promise.all(sends);
    await closed;
    await closing.close();
    await expect(closing.send(name, [message('later', 0)])).rejects.toMatchObject({ code: 'closed' });
    const written = (await bus.offsets(name)).reduce((sum, { high }) => sum + high, 0n);
    expect(written).toBe(BigInt(2 * keys.length));
  });

  it('shares partitions between two members of a group and hands them over when one leaves', async () => {
    const name = await topic('share', 6);
    const groupId = group('share');
    const all = [0, 1, 2, 3, 4, 5].map((partition) => tpKey({ topic: name, partition }));
    const timeline: Timeline = [];
    const a = await record('A', { groupId, topics: [name] }, { kind: 'each-batch' }, timeline);
    await waitFor(() => a.owned.size === 6, delivery, 'A to own all 6 partitions');
    const b = await record('B', { groupId, topics: [name] }, { kind: 'each-batch' }, timeline);
    const split = (): boolean =>
      a.owned.size > 0 && b.owned.size > 0 && a.owned.size + b.owned.size === 6 && all.every((tp) => a.owned.has(tp) || b.owned.has(tp));
    await waitFor(split, takeover, 'A and B to split the 6 partitions');

    const keys = keysCovering(6, 5);
    await producer.send(name, keys.flatMap((key) => [0, 1].map((seq) => message(key, seq))));
    const firstRound = keys.length * 2;
    await waitFor(() => a.messages.length + b.messages.length >= firstRound, delivery, `${firstRound} messages across A and B`);
    for (const m of a.messages) expect(a.owned.has(tpKey(m))).toBe(true);
    for (const m of b.messages) expect(b.owned.has(tpKey(m))).toBe(true);
    expect(uniqueCount([...a.messages, ...b.messages])).toBe(firstRound);

    const deliveredByB = b.messages.length;
    await b.consumer.stop();
    await waitFor(() => a.owned.size === 6, takeover, 'A to take over all 6 partitions');
    const revokedB = timeline.findLastIndex((event) => event.startsWith('B revoked'));
    const takeoverA = timeline.findLastIndex((event) => event === `A assigned ${[...all].sort().join(',')}`);
    expect(revokedB).toBeGreaterThanOrEqual(0);
    expect(takeoverA).toBeGreaterThan(revokedB);

    await producer.send(name, keys.map((key) => message(key, 2)));
    const total = keys.length * 3;
    await waitFor(() => a.messages.length + deliveredByB >= total, delivery, `${total} messages in all`);
    expect(b.messages).toHaveLength(deliveredByB);
    const everything = [...a.messages, ...b.messages];
    expect(everything).toHaveLength(total);
    expect(uniqueCount(everything)).toBe(total);
  });

  it('redelivers from the last committed offset after a member restarts', async () => {
    const name = await topic('restart', 3);
    const groupId = group('restart');
    const keys = keysCovering(3, 3);
    await producer.send(name, keys.flatMap((key) => [0, 1, 2].map((seq) => message(key, seq))));
    const perPartition = 9;
    const first = await record('first', { groupId, topics: [name], maxBatchSize: 2 }, { kind: 'up-to', limit: 4n });
    await waitFor(() => first.messages.length >= 3 * perPartition, delivery, 'the first member to read everything');
    await first.consumer.stop();

    const second = await record('second', { groupId, topics: [name] }, { kind: 'each-batch' });
    await waitFor(() => second.messages.length >= 3 * (perPartition - 4), delivery, 'redelivery from offset 4');
    for (const partition of [0, 1, 2]) expect(offsetsOf(second.messages, partition)).toEqual(range(4, perPartition));
  });

  it('seeks in onAssigned, from inside a batch, and while idle', async () => {
    const name = await topic('seek', 3);
    const keys = keysCovering(3, 2);
    await producer.send(name, keys.flatMap((key) => [0, 1, 2].map((seq) => message(key, seq))));
    const perPartition = 6;
    let seekedInBatch = false;
    const recorder = await record('seeker', { groupId: group('seek'), topics: [name], maxBatchSize: 2 }, { kind: 'each-batch' }, [], {
      onAssigned: (consumer) => consumer.seek({ topic: name, partition: 0, offset: 3n }),
      onBatch: (consumer, batch) => {
        if (batch.partition === 2 && !seekedInBatch) {
          seekedInBatch = true;
          consumer.seek({ topic: name, partition: 2, offset: 1n });
        }
      },
    });
    const expectedP2 = [0n, 1n, ...range(1, perPartition)];
    await waitFor(
      () => offsetsOf(recorder.messages, 2).length >= expectedP2.length && offsetsOf(recorder.messages, 1).length >= perPartition,
      delivery,
      'partitions 1 and 2 to be read',
    );
    await waitFor(() => offsetsOf(recorder.messages, 0).length >= perPartition - 3, delivery, 'partition 0 from offset 3');
    expect(offsetsOf(recorder.messages, 0)).toEqual(range(3, perPartition));
    expect(offsetsOf(recorder.messages, 2)).toEqual(expectedP2);

    recorder.consumer.seek({ topic: name, partition: 1, offset: 0n });
    await waitFor(() => offsetsOf(recorder.messages, 1).length >= 2 * perPartition, delivery, 'partition 1 again after an idle seek');
    expect(offsetsOf(recorder.messages, 1)).toEqual([...range(0, perPartition), ...range(0, perPartition)]);

    expect(thrown(() => recorder.consumer.seek({ topic: name, partition: 7, offset: 0n }))).toMatchObject({ code: 'not-owned' });
    expect(thrown(() => recorder.consumer.seek({ topic: name, partition: 1, offset: -1n }))).toMatchObject({ code: 'invalid-argument' });
    await expect(recorder.consumer.commit([{ topic: unique('other'), partition: 0, offset: 1n }])).rejects.toMatchObject({ code: 'not-owned' });
  });

  it('hands the partitions of a member that dies without committing to the survivor, from its last commit', async () => {
    const name = await topic('crash', 4);
    const groupId = group('crash');
    const perPartition = 8;
    const commitLimit = 3n;
    const member = await target.startKillableMember(bus, { groupId, topic: name, commitLimit });
    killable.push(member);
    await waitFor(() => member.owned.size === 4, delivery, 'the doomed member to own all 4 partitions');
    const survivor = await record('survivor', { groupId, topics: [name] }, { kind: 'each-batch' });
    const split = (): boolean =>
      survivor.owned.size > 0 &&
      member.owned.size > 0 &&
      survivor.owned.size + member.owned.size === 4 &&
      [...member.owned].every((partition) => !survivor.owned.has(tpKey({ topic: name, partition })));
    await waitFor(split, takeover, 'the doomed member and the survivor to split the partitions');
    const doomed = [...member.owned].sort();
    const kept = [0, 1, 2, 3].filter((partition) => !doomed.includes(partition));

    const keys = keysCovering(4, 2);
    await producer.send(name, keys.flatMap((key) => [0, 1, 2, 3].map((seq) => message(key, seq))));
    await waitFor(
      () => member.delivered.length >= doomed.length * perPartition,
      delivery,
      'the doomed member to read its partitions',
    );
    await waitFor(
      () => survivor.messages.length >= kept.length * perPartition,
      delivery,
      'the survivor to read its partitions',
    );
    for (const partition of doomed) expect(offsetsOf(survivor.messages, partition)).toEqual([]);

    await member.kill();
    const redelivered = doomed.length * (perPartition - Number(commitLimit));
    await waitFor(
      () => survivor.messages.length >= kept.length * perPartition + redelivered,
      takeover,
      'the survivor to receive the dead member\'s partitions',
    );
    for (const partition of doomed) expect(offsetsOf(survivor.messages, partition)).toEqual(range(Number(commitLimit), perPartition));
    for (const partition of kept) expect(offsetsOf(survivor.messages, partition)).toEqual(range(0, perPartition));
  });

  it('ends a member whose handler rejects, and another member resumes from its last commit', async () => {
    const name = await topic('failing', 2);
    const groupId = group('failing');
    const survivor = await record('survivor', { groupId, topics: [name] }, { kind: 'each-batch' });
    const failing = bus.consumer({ groupId, topics: [name], maxBatchSize: 2 });
    running.push(failing);
    const owned = new Set<number>();
    await failing.run({
      onAssigned: async (partitions) => {
        owned.clear();
        for (const { partition } of partitions) owned.add(partition);
      },
      eachBatch: async (batch) => {
        if (batch.messages[0]!.offset >= 4n) throw new Error('handler broke');
        await failing.commit([{ topic: name, partition: batch.partition, offset: batch.messages.at(-1)!.offset + 1n }]);
      },
    });
    await waitFor(() => owned.size === 1 && survivor.owned.size === 1, takeover, 'the two members to split the partitions');
    const failingPartition = [...owned][0]!;
    const keys = keysCovering(2, 2);
    await producer.send(name, keys.flatMap((key) => [0, 1, 2, 3].map((seq) => message(key, seq))));

    await expect(within(failing.done(), takeover, 'the failing member to end')).rejects.toThrow('handler broke');
    await waitFor(() => survivor.messages.length >= 8 + 4, takeover, 'the survivor to take over from offset 4');
    expect(offsetsOf(survivor.messages, failingPartition)).toEqual(range(4, 8));
    expect(offsetsOf(survivor.messages, 1 - failingPartition)).toEqual(range(0, 8));
  });

  it('delivers nothing of a partition before onAssigned for it has resolved', async () => {
    const name = await topic('gate', 3);
    const keys = keysCovering(3, 2);
    await producer.send(name, keys.map((key) => message(key, 0)));
    const consumer = bus.consumer({ groupId: group('gate'), topics: [name] });
    running.push(consumer);
    let assignedDone = false;
    const early: number[] = [];
    let delivered = 0;
    await consumer.run({
      onAssigned: async () => {
        // Long enough for Kafka to have fetched the waiting messages meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assignedDone = true;
      },
      eachBatch: async (batch) => {
        if (!assignedDone) early.push(batch.partition);
        delivered += batch.messages.length;
      },
    });
    await waitFor(() => delivered >= keys.length, delivery, 'the messages');
    expect(early).toEqual([]);
  });

  it('ends a member whose onAssigned or onRevoked rejects', async () => {
    const name = await topic('callbacks', 1);
    const broken = bus.consumer({ groupId: group('assign-fails'), topics: [name] });
    running.push(broken);
    await expect(
      broken.run({
        onAssigned: async () => {
          throw new Error('restore failed');
        },
        eachBatch: async () => {},
      }),
    ).rejects.toThrow('restore failed');
    await expect(within(broken.done(), takeover, 'the member to end')).rejects.toThrow('restore failed');

    const stopping = bus.consumer({ groupId: group('revoke-fails'), topics: [name] });
    running.push(stopping);
    await stopping.run({
      onRevoked: async () => {
        throw new Error('checkpoint failed');
      },
      eachBatch: async () => {},
    });
    await expect(stopping.stop()).rejects.toThrow('checkpoint failed');
    await expect(stopping.done()).rejects.toThrow('checkpoint failed');
  });

  it('starts at the end when fromBeginning is false', async () => {
    const name = await topic('latest', 2);
    const keys = keysCovering(2, 2);
    await producer.send(name, keys.map((key) => message(key, 0)));
    const recorder = await record('latest', { groupId: group('latest'), topics: [name], fromBeginning: false }, { kind: 'each-batch' });
    await producer.send(name, keys.map((key) => message(key, 1)));
    await waitFor(() => recorder.messages.length >= keys.length, delivery, 'the messages sent after joining');
    expect(recorder.messages.map(decode).sort()).toEqual(keys.map((key) => `${key}#1`).sort());
  });

  it('resolves done() after stop(), and stop() is idempotent', async () => {
    const name = await topic('stop', 1);
    const recorder = await record('stopper', { groupId: group('stop'), topics: [name] }, { kind: 'each-batch' });
    await Promise.all([recorder.consumer.stop(), recorder.consumer.stop()]);
    await within(recorder.consumer.done(), delivery, 'done() after stop()');
    expect(recorder.owned.size).toBe(0);
  });
}
