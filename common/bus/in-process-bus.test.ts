import { describe, expect, it } from 'vitest';
import { busContract, keysCovering } from './bus.contract.js';
import { InProcessConsumer } from './in-process/consumer.js';
import { InProcessBus } from './in-process-bus.js';
import { offsetLookupContract } from './offset-lookup.contract.js';
import { memberView, runKillableMember } from './testing/killable.js';
import { startRecorder, type Timeline } from './testing/recorder.js';
import { waitFor } from './testing/wait.js';

describe('InProcessBus passes the bus contract', () => {
  busContract({
    open: async () => new InProcessBus(),
    startKillableMember: async (bus, spec) => {
      const member: { consumer?: InProcessConsumer } = {};
      const view = memberView(async () => member.consumer?.crash(new Error('killed by the test')));
      const started = await runKillableMember(bus, spec, (event) => view.apply(event));
      if (!(started instanceof InProcessConsumer)) throw new Error('expected an in-process consumer');
      member.consumer = started;
      return view;
    },
    timeouts: { delivery: 5_000, takeover: 5_000 },
  });
});

const value = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('InProcessBus implements OffsetLookup', () => {
  offsetLookupContract({ open: async () => new InProcessBus(), delivery: 5_000 });
});

describe('InProcessBus', () => {
  it('trims a partition by retention.bytes and resets a reader that fell behind to the earliest message', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 't', partitions: 1, config: { 'retention.bytes': '30', 'cleanup.policy': 'delete' } }]);
    const producer = await bus.producer();
    // Key 'k' (1 byte) + 9-byte value = 10 bytes a message: three fit in 30.
    await producer.send('t', Array.from({ length: 5 }, (_, i) => ({ key: 'k', value: value(`message-${i}`) })));
    expect(await bus.offsets('t')).toEqual([{ partition: 0, low: 2n, high: 5n }]);

    const recorder = await startRecorder(bus, 'late', { groupId: 'g', topics: ['t'] }, { kind: 'each-batch' });
    await waitFor(() => recorder.messages.length >= 3, 1_000, 'the retained messages');
    expect(recorder.messages.map((m) => m.offset)).toEqual([2n, 3n, 4n]);
    await bus.close();
  });

  it('trims by retention.ms against the append time, keeping the newest message', async () => {
    let now = 1_000_000;
    const bus = new InProcessBus({ now: () => now });
    await bus.createTopics([{ topic: 't', partitions: 1, config: { 'retention.ms': '1000' } }]);
    const producer = await bus.producer();
    // An old trade time in the message does not matter: retention follows append time.
    await producer.send('t', [{ key: 'k', value: value('a'), timestamp: 1 }]);
    now += 600;
    await producer.send('t', [{ key: 'k', value: value('b') }]);
    now += 600;
    await producer.send('t', [{ key: 'k', value: value('c') }]);
    expect(await bus.offsets('t')).toEqual([{ partition: 0, low: 1n, high: 3n }]);
    now += 10_000;
    await producer.send('t', [{ key: 'k', value: value('d') }]);
    expect(await bus.offsets('t')).toEqual([{ partition: 0, low: 3n, high: 4n }]);
    await bus.close();
  });

  it('refuses topic configs it cannot honour', async () => {
    const bus = new InProcessBus();
    await expect(bus.createTopics([{ topic: 'c', partitions: 1, config: { 'cleanup.policy': 'compact' } }])).rejects.toThrow(
      /does not support topic config cleanup.policy=compact/,
    );
    await expect(bus.createTopics([{ topic: 'r', partitions: 1, config: { 'retention.ms': 'soon' } }])).rejects.toThrow(/not an integer/);
    await expect(bus.createTopics([{ topic: 'z', partitions: 0 }])).rejects.toThrow(/positive integer/);
    await bus.close();
  });

  it('copies values on send, so a reused buffer cannot change what consumers read', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 't', partitions: 1 }]);
    const producer = await bus.producer();
    const buffer = value('original');
    await producer.send('t', [{ key: 'k', value: buffer }]);
    buffer.fill(0);
    const recorder = await startRecorder(bus, 'reader', { groupId: 'g', topics: ['t'] }, { kind: 'each-batch' });
    await waitFor(() => recorder.messages.length === 1, 1_000, 'the message');
    expect(new TextDecoder().decode(recorder.messages[0]!.value)).toBe('original');
    await bus.close();
  });

  it('waits for the previous batch of a partition before delivering the next, while other partitions proceed', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 't', partitions: 2 }]);
    const producer = await bus.producer();
    const keys = keysCovering(2, 1);
    await producer.send('t', keys.flatMap((key) => [0, 1, 2].map((seq) => ({ key, value: value(`${key}#${seq}`) }))));
    const blocked = keys[0]!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    let active = 0;
    let maxActivePerPartition = 0;
    const activeByPartition = new Map<number, number>();
    const consumer = bus.consumer({ groupId: 'g', topics: ['t'], maxBatchSize: 1 });
    await consumer.run({
      eachBatch: async (batch) => {
        const inPartition = (activeByPartition.get(batch.partition) ?? 0) + 1;
        activeByPartition.set(batch.partition, inPartition);
        maxActivePerPartition = Math.max(maxActivePerPartition, inPartition);
        active += 1;
        const text = new TextDecoder().decode(batch.messages[0]!.value);
        seen.push(text);
        if (text === `${blocked}#0`) await gate;
        active -= 1;
        activeByPartition.set(batch.partition, inPartition - 1);
      },
    });
    const other = keys.find((key) => key !== blocked)!;
    await waitFor(() => seen.includes(`${other}#2`), 1_000, 'the other partition to finish while one is blocked');
    expect(seen.filter((text) => text.startsWith(`${blocked}#`))).toEqual([`${blocked}#0`]);
    release();
    await waitFor(() => seen.includes(`${blocked}#2`), 1_000, 'the blocked partition to resume');
    expect(maxActivePerPartition).toBe(1);
    expect(active).toBe(0);
    await bus.close();
  });

  it('calls onRevoked of the old owner before onAssigned of the new one, even when onRevoked is slow', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 't', partitions: 4 }]);
    const timeline: Timeline = [];
    const slow = bus.consumer({ groupId: 'g', topics: ['t'] });
    await slow.run({
      eachBatch: async () => {},
      onRevoked: async (partitions) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        timeline.push(`slow revoked ${partitions.length}`);
      },
    });
    await startRecorder(bus, 'joiner', { groupId: 'g', topics: ['t'] }, { kind: 'each-batch' }, timeline);
    expect(timeline[0]).toBe('slow revoked 4');
    expect(timeline[1]).toMatch(/^joiner assigned t:\d/);
    await bus.close();
  });

  it('stops every consumer on close and leaves no work scheduled', async () => {
    const bus = new InProcessBus();
    await bus.createTopics([{ topic: 't', partitions: 3 }]);
    const recorder = await startRecorder(bus, 'idle', { groupId: 'g', topics: ['t'] }, { kind: 'each-batch' });
    await bus.close();
    await recorder.consumer.done();
    await expect(bus.producer()).rejects.toThrow(/closed/);
  });
});
