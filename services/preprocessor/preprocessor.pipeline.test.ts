// The whole preprocessor on the embedded mode's parts (in-process bus, memory
// bar store, PGlite), one database for the file since starting one costs
// seconds. The XRPETH recording under two symbols on two partitions must give
// exactly the candles of `wick candles`, in the store and on the candle
// topic, whatever happens in between: kills, lost state, changed settings,
// poison messages, a fenced member, members sharing the partitions. Then the
// clock's edge cases on a few trades of their own. The same scenarios run on
// real Kafka, Redis and PostgreSQL in the *.int.test.ts files.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../../common/bus/index.js';
import type { Candle } from '../../common/candles/candle.js';
import { DEFAULT_INTERVALS } from '../../common/candles/intervals.js';
import type { Trade } from '../../common/candles/trade.js';
import { decodeTradeToDomain } from '../../common/serde/index.js';
import { DLQ_HEADERS } from './emit/dead-letter-messages.js';
import { metricValue, pipelineSettings, TOPICS, type RunningPreprocessor } from './testing/in-process-pipeline.js';
import { GROUP, PARTITIONS, PipelineFixture, SYMBOLS, WAIT_MS } from './testing/pipeline-fixture.js';
import { CandleTopicReader } from './testing/results.js';
import { poisonMessages, trade, tradeMessage } from './testing/trades.js';
import { waitUntil as waitUntilWithin } from './testing/wait-until.js';

const waitUntil = (condition: () => Promise<boolean> | boolean, what: string): Promise<void> => waitUntilWithin(condition, WAIT_MS, what, 10);

const fixture = new PipelineFixture();
const slot = (partition: number) => ({ scope: pipelineSettings().scope, topic: TOPICS.trades, partition });

beforeAll(() => fixture.setUp(), 60_000);
afterEach(() => fixture.closePipeline());
afterAll(() => fixture.tearDown());

async function stopAll(...running: RunningPreprocessor[]): Promise<void> {
  for (const each of running) await each.preprocessor.stop();
}

describe('the preprocessor on the embedded parts, replaying XRPETH', { timeout: 60_000 }, () => {
  it('builds exactly the candles of wick candles, and a graceful stop checkpoints and commits every partition', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    await fixture.produce(messages);
    const running = await pipeline.start('a');
    await fixture.expectReferenceCandles();
    expect(await metricValue(running, 'wick_preprocessor_trades_total')).toBe(messages.length);
    expect(await metricValue(running, 'wick_preprocessor_partition_starts_total', { how: 'fresh' })).toBe(PARTITIONS);
    await stopAll(running);
    const ends = await pipeline.bus.offsets(TOPICS.trades);
    const committed = await pipeline.bus.committedOffsets(GROUP, TOPICS.trades);
    expect(committed.map((entry) => entry.offset)).toEqual(ends.map((range) => range.high));
    for (const { partition, high } of ends) {
      const claim = await pipeline.barStore.claim(slot(partition), 'check');
      expect(claim.kind === 'restored' && claim.checkpoint.offset).toBe(high);
    }
  });

  it('resumes exactly from its checkpoints after being killed between them', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const killedAt = Math.floor(messages.length * 0.4);
    await fixture.produce(messages.slice(0, killedAt));
    const first = await pipeline.start('first');
    await fixture.waitForCommitted(killedAt);
    await fixture.produce(messages.slice(killedAt, killedAt + 3_000));
    await pipeline.kill(first);
    await fixture.produce(messages.slice(killedAt + 3_000));
    const second = await pipeline.start('second');
    expect(await metricValue(second, 'wick_preprocessor_partition_starts_total', { how: 'restored' })).toBe(PARTITIONS);
    await fixture.expectReferenceCandles();
    await stopAll(second);
  });

  it('writes its whole state again when Redis loses it while running', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const half = Math.floor(messages.length / 2);
    await fixture.produce(messages.slice(0, half));
    const running = await pipeline.start('a');
    await fixture.waitForCommitted(half);
    pipeline.barStore.wipe();
    await fixture.produce(messages.slice(half));
    await fixture.expectReferenceCandles();
    await stopAll(running);
    expect((await pipeline.barStore.claim(slot(0), 'check')).kind).toBe('restored');
  });

  it('rebuilds when restarted with other intervals, whose checkpoints it cannot use, and stays exact', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const half = Math.floor(messages.length / 2);
    await fixture.produce(messages.slice(0, half));
    const first = await pipeline.start('first', pipelineSettings({ engine: { ...pipelineSettings().engine, intervals: [...DEFAULT_INTERVALS, '1w'] } }));
    await fixture.waitForCommitted(half);
    await stopAll(first);
    await fixture.produce(messages.slice(half));
    const second = await pipeline.start('second');
    expect(await metricValue(second, 'wick_preprocessor_partition_starts_total', { how: 'rebuilt' })).toBe(PARTITIONS);
    await fixture.expectReferenceCandles();
    await stopAll(second);
  });

  it('rebuilds exactly from the candle store and Kafka when Redis lost the state before a restart', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const lost = Math.floor(messages.length * 0.6);
    await fixture.produce(messages.slice(0, lost));
    const first = await pipeline.start('first');
    await fixture.waitForCommitted(lost);
    await fixture.produce(messages.slice(lost, lost + 2_000));
    await pipeline.kill(first);
    pipeline.barStore.wipe();
    await fixture.produce(messages.slice(lost + 2_000));
    const second = await pipeline.start('second');
    expect(await metricValue(second, 'wick_preprocessor_partition_starts_total', { how: 'rebuilt' })).toBe(PARTITIONS);
    await fixture.expectReferenceCandles();
    expect(await metricValue(second, 'wick_preprocessor_inexact_starts_total')).toBe(0);
    await stopAll(second);
  });

  it('dead-letters poison messages with the reason and the raw bytes, and the partitions keep moving', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    // Right before a real trade of the first symbol: counting poison, or marking its ids seen, would change that trade's candles.
    const at = Math.floor(messages.length / 2 / SYMBOLS.length) * SYMBOLS.length;
    const poison = poisonMessages(decodeTradeToDomain(messages[at]!.value).trade, SYMBOLS[1]!);
    await fixture.produce([...messages.slice(0, at), ...poison.map((each) => each.message), ...messages.slice(at)]);
    const letters: BusMessage[] = [];
    const dlq = pipeline.bus.consumer({ groupId: 'dlq-reader', topics: [TOPICS.deadLetters] });
    const running = await pipeline.start('a');
    await dlq.run({ eachBatch: async (batch) => void letters.push(...batch.messages) });
    await fixture.expectReferenceCandles();
    await waitUntil(() => letters.length === poison.length, 'every dead letter');
    for (const { reason, message } of poison) {
      const letter = letters.find((each) => each.headers[DLQ_HEADERS.reason] === reason);
      expect(letter, reason).toBeDefined();
      expect(letter!.key).toBe(message.key);
      expect([...letter!.value]).toEqual([...message.value]);
      expect(letter!.headers[DLQ_HEADERS.origin]).toMatch(/^wick\.trades\.v1\[\d\]@\d+$/);
      expect(letter!.headers[DLQ_HEADERS.source]).toBe('preprocessor');
    }
    expect(await metricValue(running, 'wick_preprocessor_dead_letters_total')).toBe(poison.length);
    await dlq.stop();
    await stopAll(running);
  });

  it('lets go of a partition another owner claimed, rejoins, and carries on exactly', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const half = Math.floor(messages.length / 2);
    await fixture.produce(messages.slice(0, half));
    const running = await pipeline.start('a');
    await waitUntil(async () => (await metricValue(running, 'wick_preprocessor_trades_total')) >= half, 'the first half');
    // A stale owner's view: someone else claimed partition 0 in Redis.
    await pipeline.barStore.claim(slot(0), 'usurper');
    await fixture.produce(messages.slice(half));
    await waitUntil(async () => (await metricValue(running, 'wick_preprocessor_member_restarts_total')) >= 1, 'the fenced member to be replaced');
    expect(await metricValue(running, 'wick_preprocessor_checkpoints_total', { outcome: 'fenced' })).toBeGreaterThanOrEqual(1);
    await fixture.expectReferenceCandles();
    await stopAll(running);
  });

  it('shares the partitions between two members and hands them over when one leaves, exactly', async () => {
    const pipeline = await fixture.open();
    const { messages } = fixture;
    const third = Math.floor(messages.length / 3);
    await fixture.produce(messages.slice(0, third));
    const a = await pipeline.start('a');
    await waitUntil(async () => (await metricValue(a, 'wick_preprocessor_trades_total')) >= third, 'the first third');
    const b = await pipeline.start('b');
    await waitUntil(async () => (await metricValue(b, 'wick_preprocessor_owned_partitions')) === 1, 'b to own a partition');
    expect(await metricValue(a, 'wick_preprocessor_owned_partitions')).toBe(1);
    await fixture.produce(messages.slice(third, 2 * third));
    await stopAll(b);
    await waitUntil(async () => (await metricValue(a, 'wick_preprocessor_owned_partitions')) === 2, 'a to own both partitions again');
    await fixture.produce(messages.slice(2 * third));
    await fixture.expectReferenceCandles();
    expect(await metricValue(a, 'wick_preprocessor_partition_starts_total', { how: 'restored' })).toBeGreaterThanOrEqual(1);
    await stopAll(a);
  });
});

const T0 = Date.UTC(2024, 2, 1, 12, 0);
const MINUTE = 60_000;

async function storedCandle(interval: '1m' | '5m', openTime: number): Promise<Candle | undefined> {
  const page = await fixture.pipeline.store.readRange({ exchange: 'binance', symbol: 'BTCUSDT', interval, startTime: openTime, endTime: openTime, limit: 1, includePartial: true });
  return page.candles[0];
}

async function waitForCandle(read: () => Promise<Candle | undefined> | Candle | undefined, done: (candle: Candle) => boolean, what: string): Promise<Candle> {
  let last: Candle | undefined;
  await waitUntil(async () => {
    last = await read();
    return last !== undefined && done(last);
  }, what);
  return last!;
}

const produceTrades = (trades: readonly Trade[]): Promise<void> => fixture.produce(trades.map((each) => tradeMessage(each)));

describe('the preprocessor clock', () => {
  it('closes the candles of a quiet partition by the wall clock once it is idle and caught up', async () => {
    const pipeline = await fixture.open(1);
    let wall = T0;
    // Idle after 200 ms, then a day of event time per wall-clock second; the wall clock is the test's.
    const running = await pipeline.start('a', pipelineSettings(), () => wall);
    await produceTrades([trade({ aggregateId: 1, time: T0 + 1_000 }), trade({ aggregateId: 2, time: T0 + 2_000, price: '101.00000000' })]);
    // 100 ms of wall time: a checkpoint is due (every 30 ms), idleness (200 ms) is not; the partial reaches the store.
    wall += 100;
    const partial = await waitForCandle(() => storedCandle('1m', T0), (candle) => candle.tradeCount === 2, 'the partial of the first minute');
    expect(partial.closed).toBe(false);
    // Idle: 300 more ms of wall time move the watermark 400 x 86,400 ms on, past every default interval but 1d.
    wall += 300;
    const closed = await waitForCandle(() => storedCandle('5m', T0), (candle) => candle.closed, 'the 5m candle to close by the idle clock');
    expect(closed).toMatchObject({ tradeCount: 2, open: '100.00000000', close: '101.00000000', revision: 0 });
    expect(await storedCandle('1m', T0)).toMatchObject({ closed: true, tradeCount: 2 });
    // The minute after it closed too, flat at the previous close with no volume.
    expect(await storedCandle('1m', T0 + MINUTE)).toMatchObject({ closed: true, tradeCount: 0, open: '101.00000000', volume: '0.00000000' });
    await stopAll(running);
  });

  it('revises a closed candle when a trade for it arrives late, in the store and on the candle topic', async () => {
    const pipeline = await fixture.open(1);
    // The partition never goes idle here: only trades move the watermark.
    const settings = pipelineSettings();
    const running = await pipeline.start('a', { ...settings, timing: { ...settings.timing, idleTimeoutMs: 600_000 } });
    await produceTrades([trade({ aggregateId: 1, time: T0 + 1_000 }), trade({ aggregateId: 2, time: T0 + 2 * MINUTE })]);
    const final = await waitForCandle(() => storedCandle('1m', T0), (candle) => candle.closed, 'the first minute to close by the watermark');
    expect(final).toMatchObject({ revision: 0, tradeCount: 1, lastTradeId: 1 });
    // Next in id order, but stamped inside the closed minute.
    await produceTrades([trade({ aggregateId: 3, time: T0 + 30_000, price: '90.00000000', quantity: '2.00000000' })]);
    const revised = await waitForCandle(() => storedCandle('1m', T0), (candle) => candle.revision === 1, 'the revision of the first minute');
    expect(revised).toMatchObject({ closed: true, tradeCount: 2, low: '90.00000000', volume: '3.00000000', firstTradeId: 1, lastTradeId: 3 });
    const reader = await CandleTopicReader.start(pipeline.bus, TOPICS.candles, 'reader');
    try {
      const onTopic = await waitForCandle(() => reader.latest.get(`BTCUSDT|1m|${T0}`), (candle) => candle.revision === 1, 'the revision on the candle topic');
      expect(onTopic).toEqual(revised);
    } finally {
      await reader.stop();
    }
    await stopAll(running);
  });
});
