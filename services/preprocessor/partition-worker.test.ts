// The worker's idle clock: a quiet partition moves its watermark only through
// idle marks it writes into its own trade partition and applies when it reads
// them back at the offset it expected, so what a partition's owners emit
// depends on the partition's log alone, not on their wall clocks, their batch
// boundaries, or a view of Kafka that went stale while they were paused.
import { describe, expect, it } from 'vitest';
import { MemoryBarStore } from '../../common/barstore/index.js';
import type { BusMessage, BusProducer, OutgoingMessage } from '../../common/bus/index.js';
import type { Candle } from '../../common/candles/candle.js';
import { silentLogger } from '../../common/log/index.js';
import { createMetricsRegistry } from '../../common/metrics/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { Checkpointer } from './checkpoint/checkpointer.js';
import { OrderedSender } from './emit/ordered-sender.js';
import { StoreWriter } from './emit/store-writer.js';
import { createSnapshotEngine } from './engine-port/candle-engine-factory.js';
import { createPreprocessorMetrics } from './metrics.js';
import { PartitionWorker, type WorkerTiming } from './partition-worker.js';
import { idleMarkMessage, type IdleMark } from './processing/idle-mark.js';
import { PartitionEngines } from './processing/partition-engines.js';
import type { Retrying } from './retrying.js';
import { delivered, trade, tradeMessage } from './testing/trades.js';

const MINUTE = 60_000;
/** A five-minute boundary, so candle times read easily. */
const T0 = 1_700_000_100_000;
const PARTITION = 2;
const once: Retrying = (_name, work) => work();
const TIMING: WorkerTiming = { checkpointIntervalMs: 3_600_000, idleTimeoutMs: 1_000, idleClockRate: 1, maxBacklog: 1_000_000, highMaxAgeMs: 500 };

class RecordingProducer implements BusProducer {
  readonly sent: Array<{ topic: string; message: OutgoingMessage }> = [];
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const message of messages) this.sent.push({ topic, message });
  }
  async close(): Promise<void> {}
  marks(): OutgoingMessage[] {
    return this.sent.filter((each) => each.topic === 'marks').map((each) => each.message);
  }
}

/** A worker on real engines with recording outputs and a clock the test moves. */
async function worker(timing: WorkerTiming = TIMING) {
  const clock = { now: T0 + 3_600_000 };
  const producer = new RecordingProducer();
  const upserted: Candle[] = [];
  const store = { upsert: async (candles: readonly Candle[]) => void upserted.push(...candles) } as unknown as CandleStore;
  const barStore = new MemoryBarStore();
  const slot = { scope: 'test', topic: 'wick.trades.v1', partition: PARTITION };
  const claim = await barStore.claim(slot, 'owner');
  const registry = createMetricsRegistry({ service: 'worker-test', defaultMetrics: false });
  const metrics = createPreprocessorMetrics(registry);
  const engines = new PartitionEngines({ intervals: ['1m', '5m'], timezoneOffsetMinutes: 0, graceMs: 0, partialThrottleMs: 0, revisionWindow: 10 }, createSnapshotEngine, () => undefined);
  const writer = new StoreWriter(store, once, () => undefined);
  const subject = new PartitionWorker(
    {
      partition: PARTITION,
      engines,
      checkpointer: new Checkpointer(slot, 'owner', barStore, once, { sequence: claim.sequence, fullFirst: true }),
      candles: new OrderedSender(producer, 'candles'),
      deadLetters: new OrderedSender(producer, 'dead-letters'),
      marks: new OrderedSender(producer, 'marks'),
      store: writer,
      commit: async () => undefined,
      now: () => clock.now,
      timing,
      metrics,
      logger: silentLogger(),
    },
    { offset: 0n, expectFirst: false },
  );
  const finals = async (): Promise<Candle[]> => {
    await writer.flush();
    return upserted.filter((candle) => candle.closed);
  };
  const marksCounted = async (outcome: string): Promise<number> =>
    (await metrics.idleMarks.get()).values.filter((value) => value.labels.outcome === outcome).reduce((sum, value) => sum + value.value, 0);
  return { subject, clock, producer, engines, finals, marksCounted };
}

const tradeAt = (id: number, time: number, offset: bigint): BusMessage => delivered(tradeMessage(trade({ aggregateId: id, time })), offset, 'wick.trades.v1', PARTITION);
const markAt = (mark: IdleMark, offset: bigint): BusMessage => delivered(idleMarkMessage(PARTITION, mark), offset, 'wick.trades.v1', PARTITION);
const batch = (...messages: BusMessage[]) => ({ topic: 'wick.trades.v1', partition: PARTITION, messages });
const flushSends = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionWorker idle clock', () => {
  it('writes an idle mark instead of moving its clock, and moves it when it reads the mark back where it expected', async () => {
    const w = await worker();
    w.subject.handleBatch(batch(tradeAt(1, T0 + 10_000, 0n)));
    w.clock.now += 61_000;
    w.subject.observeHigh(1n, w.clock.now);
    w.subject.tick();
    w.subject.tick();
    await flushSends();
    const marks = w.producer.marks();
    // One mark at a time, for this partition, expected right after the last record read.
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ partition: PARTITION, headers: { 'wick-control': 'idle-mark', 'wick-idle-watermark': String(T0 + 71_000), 'wick-idle-after': '1' } });
    expect(w.engines.watermarkMs).toBe(T0 + 10_000);
    expect(await w.finals()).toEqual([]);

    w.subject.handleBatch(batch(markAt({ watermarkMs: T0 + 71_000, expectedOffset: 1n }, 1n)));
    expect(w.engines.watermarkMs).toBe(T0 + 71_000);
    expect((await w.finals()).map((candle) => [candle.interval, candle.openTime, candle.tradeCount])).toEqual([['1m', T0, 1]]);
    expect(await w.marksCounted('written')).toBe(1);
    expect(await w.marksCounted('applied')).toBe(1);
    // Reading the mark is no activity: the idle clock still counts from the trade.
    w.clock.now += 5 * MINUTE;
    w.subject.observeHigh(2n, w.clock.now);
    w.subject.tick();
    await flushSends();
    expect(w.producer.marks()[1]?.headers).toMatchObject({ 'wick-idle-watermark': String(T0 + 10_000 + 61_000 + 5 * MINUTE), 'wick-idle-after': '2' });
  });

  it('ignores a mark that landed after other records: it was written on a stale view', async () => {
    const w = await worker();
    w.subject.handleBatch(batch(tradeAt(1, T0 + 10_000, 0n), tradeAt(2, T0 + 20_000, 1n), markAt({ watermarkMs: T0 + 10 * MINUTE, expectedOffset: 1n }, 2n)));
    expect(w.engines.watermarkMs).toBe(T0 + 20_000);
    expect(await w.finals()).toEqual([]);
    expect(await w.marksCounted('stale')).toBe(1);
    expect(await w.marksCounted('applied')).toBe(0);
  });

  it('does not take the partition for idle on a high watermark polled before a pause, nor while nothing would close', async () => {
    const w = await worker();
    w.subject.handleBatch(batch(tradeAt(1, T0 + 10_000, 0n)));
    // Idle, caught up, but moving the clock by 2 s closes nothing: no record is worth writing.
    w.clock.now += 2_000;
    w.subject.observeHigh(1n, w.clock.now);
    w.subject.tick();
    // Then the process is paused for ten minutes: what it saw of Kafka is stale when it wakes.
    w.clock.now += 10 * MINUTE;
    w.subject.tick();
    await flushSends();
    expect(w.producer.marks()).toEqual([]);
    w.subject.observeHigh(1n, w.clock.now);
    w.subject.tick();
    await flushSends();
    expect(w.producer.marks()).toHaveLength(1);
  });

  it('dead-letters a control record it cannot read and moves on', async () => {
    const w = await worker();
    const odd: BusMessage = { ...tradeAt(1, T0, 0n), headers: { 'wick-control': 'rewind' } };
    const bad: BusMessage = { ...markAt({ watermarkMs: T0, expectedOffset: 1n }, 1n), headers: { 'wick-control': 'idle-mark', 'wick-idle-watermark': '1e3', 'wick-idle-after': '1' } };
    w.subject.handleBatch(batch(odd, bad, tradeAt(2, T0 + 1_000, 2n)));
    await flushSends();
    const letters = w.producer.sent.filter((each) => each.topic === 'dead-letters').map((each) => each.message.headers);
    expect(letters.map((headers) => headers?.['wick-dlq-reason'])).toEqual(['invalid-control', 'invalid-control']);
    expect(letters.map((headers) => headers?.['wick-dlq-detail'])).toEqual([expect.stringContaining('rewind'), expect.stringContaining('1e3')]);
    expect(w.subject.nextOffset).toBe(3n);
    expect(w.engines.watermarkMs).toBe(T0 + 1_000);
  });

  it('emits the same finals for the same log whatever its wall clock, batch sizes and the marks it writes itself', async () => {
    // A log with quiet spells, marks that apply and marks that landed late.
    const log: BusMessage[] = [];
    let time = T0;
    for (let id = 1; log.length < 400; id++) {
      time += id % 37 === 0 ? 7 * MINUTE : 1_000 + ((id * 7_919) % 9_000);
      log.push(tradeAt(id, time, BigInt(log.length)));
      if (id % 23 === 0) log.push(markAt({ watermarkMs: time + 3 * MINUTE, expectedOffset: BigInt(log.length) }, BigInt(log.length)));
      if (id % 31 === 0) log.push(markAt({ watermarkMs: time + 30 * MINUTE, expectedOffset: BigInt(log.length - 1) }, BigInt(log.length)));
    }
    const run = async (size: number, pauseMs: number) => {
      const w = await worker();
      for (let from = 0; from < log.length; from += size) {
        w.subject.handleBatch(batch(...log.slice(from, from + size)));
        // A wall clock far ahead of the log, with a fresh high watermark: the worker writes marks, which never reach its log.
        w.clock.now += pauseMs;
        w.subject.observeHigh(BigInt(Math.min(from + size, log.length)), w.clock.now);
        w.subject.tick();
      }
      await flushSends();
      return { finals: await w.finals(), marks: w.producer.marks().length };
    };
    const steady = await run(7, 0);
    const paused = await run(13, 86_400_000);
    expect(steady.marks).toBe(0);
    expect(paused.marks).toBeGreaterThan(0);
    expect(paused.finals.length).toBeGreaterThan(50);
    expect(paused.finals).toEqual(steady.finals);
  });
});
