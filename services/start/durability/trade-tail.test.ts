import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus, partitionForKey } from '../../../common/bus/index.js';
import { idleMarkMessage } from '../../preprocessor/processing/idle-mark.js';
import { TradeTail } from './trade-tail.js';

const TOPIC = 'trades';
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array) => new TextDecoder().decode(value);

describe('TradeTail', () => {
  let bus: InProcessBus;
  let tail: TradeTail;

  afterEach(async () => {
    await tail.stop();
    await bus.close();
  });

  async function setUp(): Promise<{ send: (key: string, value: string) => Promise<void>; partition: number }> {
    bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 2 }]);
    const producer = await bus.producer();
    tail = new TradeTail(bus, TOPIC, 'tail-test');
    const partition = partitionForKey('a', 2);
    expect(partitionForKey('b', 2)).toBe(partition);
    return { send: (key, value) => producer.send(TOPIC, [{ key, value: bytes(value), timestamp: 7 }]), partition };
  }

  it('answers the last message of each key below an offset, as offsets advance', async () => {
    const { send, partition } = await setUp();
    for (const [key, value] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['b', 'b2']] as const) await send(key, value);
    await tail.start();
    const at3 = await tail.lastBefore(partition, 3n);
    expect(at3.map((message) => [message.key, text(message.value), message.timestamp])).toEqual([['a', 'a2', 7], ['b', 'b1', 7]]);
    const at4 = await tail.lastBefore(partition, 4n);
    expect(at4.map((message) => text(message.value))).toEqual(['a2', 'b2']);
  });

  it('passes over the preprocessor\'s idle marks: they are no trades', async () => {
    const { send, partition } = await setUp();
    await send('a', 'a1');
    await bus.producer().then((producer) => producer.send(TOPIC, [idleMarkMessage(partition, { watermarkMs: 1_000, expectedOffset: 1n })]));
    await send('b', 'b1');
    await tail.start();
    const at3 = await tail.lastBefore(partition, 3n);
    expect(at3.map((message) => [message.key, text(message.value)])).toEqual([['a', 'a1'], ['b', 'b1']]);
  });

  it('waits for messages the reader has not seen yet', async () => {
    const { send, partition } = await setUp();
    await tail.start();
    const answer = tail.lastBefore(partition, 2n);
    await send('a', 'a1');
    await send('b', 'b1');
    expect((await answer).map((message) => text(message.value))).toEqual(['a1', 'b1']);
  });

  it('fails a waiting question when the reader stops', async () => {
    const { partition } = await setUp();
    await tail.start();
    const answer = tail.lastBefore(partition, 1n);
    await tail.stop();
    await expect(answer).rejects.toThrow('stopped');
  });
});
