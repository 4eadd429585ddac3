import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SequencedTrade } from '../sequencing/sequenced-trade.js';
import { FakeProducer } from '../testing/fake-producer.js';
import { TradePublisher, type PublisherOptions } from './trade-publisher.js';

const OPTIONS: PublisherOptions = { topic: 'trades', exchange: 'binance', maxBatchMessages: 3, lingerMs: 0, highWaterMark: 6 };

function trade(id: number, symbol = 'BTCUSDT'): SequencedTrade {
  return { id, symbol, tradeTime: 1_000 + id, receivedAt: 1_001 + id, payload: new Uint8Array([id]), source: 'live' };
}

function harness(options: Partial<PublisherOptions> = {}) {
  const producer = new FakeProducer();
  const acked: number[][] = [];
  const failures: Array<[string, number]> = [];
  const pressure: boolean[] = [];
  const publisher = new TradePublisher(producer, { ...OPTIONS, ...options }, {
    acked: (trades) => acked.push(trades.map((t) => t.id)),
    failed: (error, abandoned) => failures.push([(error as Error).message, abandoned]),
    backpressure: (paused) => pressure.push(paused),
  });
  return { producer, publisher, acked, failures, pressure };
}

const sentIds = (producer: FakeProducer, index = 0) => producer.sends[index]?.messages.map((message) => message.value[0]);

describe('TradePublisher', () => {
  it('keys by exchange:symbol and sends what one event-loop turn enqueued as one batch', async () => {
    const { producer, publisher } = harness();
    publisher.enqueue([trade(1)]);
    publisher.enqueue([trade(2, 'ETHUSDT')]);
    expect(producer.sends).toHaveLength(0);
    await tick();
    expect(producer.sends).toHaveLength(1);
    expect(producer.sends[0]?.topic).toBe('trades');
    expect(producer.sends[0]?.messages.map((message) => message.key)).toEqual(['binance:BTCUSDT', 'binance:ETHUSDT']);
  });

  it('keeps one batch in flight; the next fills meanwhile and leaves only after the ack, in order', async () => {
    const { producer, publisher, acked } = harness();
    publisher.enqueue([trade(1)]);
    await tick();
    publisher.enqueue([trade(2), trade(3), trade(4), trade(5)]);
    await tick();
    expect(producer.sends).toHaveLength(1);
    producer.next().ack();
    await tick();
    await tick();
    expect(producer.sends).toHaveLength(1);
    expect(sentIds(producer)).toEqual([2, 3, 4]);
    producer.next().ack();
    await tick();
    await tick();
    expect(sentIds(producer)).toEqual([5]);
    producer.next().ack();
    await tick();
    expect(acked).toEqual([[1], [2, 3, 4], [5]]);
    expect(publisher.pending).toBe(0);
  });

  it('lingers to fill a batch when asked to, but not once it is full', async () => {
    const { producer, publisher } = harness({ lingerMs: 30 });
    publisher.enqueue([trade(1)]);
    await tick();
    expect(producer.sends).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sentIds(producer)).toEqual([1]);
    producer.next().ack();
    await tick();
    publisher.enqueue([trade(2), trade(3), trade(4)]);
    await tick();
    expect(sentIds(producer)).toEqual([2, 3, 4]);
  });

  it('flush resolves once everything enqueued is acknowledged', async () => {
    const { producer, publisher } = harness();
    publisher.enqueue([trade(1), trade(2), trade(3), trade(4)]);
    let flushed = false;
    const flushing = publisher.flush().then(() => (flushed = true));
    await tick();
    producer.next().ack();
    await tick();
    await tick();
    expect(flushed).toBe(false);
    producer.next().ack();
    await flushing;
    expect(flushed).toBe(true);
    await expect(publisher.flush()).resolves.toBeUndefined();
  });

  it('stops at the first failed batch: nothing queued behind it is ever sent', async () => {
    const { producer, publisher, failures, acked } = harness();
    publisher.enqueue([trade(1), trade(2)]);
    await tick();
    publisher.enqueue([trade(3)]);
    const flushing = publisher.flush();
    producer.next().fail(new Error('NOT_LEADER'));
    await expect(flushing).rejects.toThrow('NOT_LEADER');
    await tick();
    await tick();
    expect(producer.sends).toHaveLength(0);
    expect(failures).toEqual([['NOT_LEADER', 3]]);
    expect(publisher.healthy).toBe(false);
    publisher.enqueue([trade(4)]);
    await tick();
    expect(producer.sends).toHaveLength(0);
    expect(acked).toEqual([]);
  });

  it('asks intake to pause above the high-water mark and to resume below half of it', async () => {
    const { producer, publisher, pressure } = harness();
    publisher.enqueue([1, 2, 3, 4, 5, 6].map((id) => trade(id)));
    expect(pressure).toEqual([]);
    publisher.enqueue([trade(7)]);
    expect(pressure).toEqual([true]);
    await tick();
    producer.next().ack();
    await tick();
    await tick();
    expect(pressure).toEqual([true]);
    producer.next().ack();
    await tick();
    expect(pressure).toEqual([true, false]);
  });

  it('abandon drops what is queued and releases flush waiters', async () => {
    const { producer, publisher } = harness();
    publisher.enqueue([trade(1)]);
    const flushing = publisher.flush();
    publisher.abandon();
    await expect(flushing).rejects.toThrow('abandoned');
    await tick();
    expect(producer.sends).toHaveLength(0);
  });
});
