import { describe, expect, it } from 'vitest';
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';
import { OrderedSender } from './ordered-sender.js';

/** A producer whose sends complete only when the test says so. */
class ManualProducer implements BusProducer {
  readonly requests: Array<{ topic: string; keys: string[]; settle: (error?: Error) => void }> = [];

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.requests.push({ topic, keys: messages.map((m) => m.key), settle: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  async close(): Promise<void> {}
}

const messages = (...keys: string[]): OutgoingMessage[] => keys.map((key) => ({ key, value: new Uint8Array() }));
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('OrderedSender', () => {
  it('keeps one request in flight and merges what arrives meanwhile into the next, in order', async () => {
    const producer = new ManualProducer();
    const sender = new OrderedSender(producer, 'candles');
    const acked: string[] = [];
    void sender.send(messages('a')).then(() => acked.push('a'));
    void sender.send(messages('b', 'c')).then(() => acked.push('bc'));
    void sender.send(messages('d')).then(() => acked.push('d'));
    await flush();
    expect(producer.requests.map((r) => r.keys)).toEqual([['a']]);
    expect(sender.backlog).toBe(4);
    producer.requests[0]!.settle();
    await flush();
    expect(acked).toEqual(['a']);
    expect(producer.requests.map((r) => r.keys)).toEqual([['a'], ['b', 'c', 'd']]);
    const drained = sender.drained();
    producer.requests[1]!.settle();
    await drained;
    expect(acked).toEqual(['a', 'bc', 'd']);
    expect(sender.backlog).toBe(0);
    expect(producer.requests.every((r) => r.topic === 'candles')).toBe(true);
  });

  it('after a failed request sends nothing more and rejects every caller', async () => {
    const producer = new ManualProducer();
    const sender = new OrderedSender(producer, 'candles');
    const first = sender.send(messages('a'));
    const second = sender.send(messages('b'));
    await flush();
    producer.requests[0]!.settle(new Error('broker gone'));
    await expect(first).rejects.toThrow('broker gone');
    await expect(second).rejects.toThrow('broker gone');
    expect(sender.failed).toBe(true);
    await expect(sender.send(messages('c'))).rejects.toThrow('broker gone');
    await expect(sender.drained()).rejects.toThrow('broker gone');
    await flush();
    expect(producer.requests).toHaveLength(1);
  });
});
