// Shared by the collector's end-to-end tests: short timings, the XRPETH
// recording's ids, and a reader that drains a topic and decodes its trades.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Bus, BusMessage } from '../../../common/bus/index.js';
import { readAggTradesCsv } from '../../../common/candles/testing/binance-data.js';
import { decodeTrade } from '../../../common/serde/index.js';
import type { CollectorSettings } from '../collector.js';

export const XRPETH_FILE = fileURLToPath(new URL('../../../../shared/data/binance/xrpeth-2019-10/XRPETH-aggTrades.csv', import.meta.url));

/** The aggregate ids of the recording, in file order (12,477). */
export function xrpethIds(): number[] {
  return readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH').map((trade) => trade.aggregateId);
}

export function testSettings(overrides: Partial<CollectorSettings> & Pick<CollectorSettings, 'symbols' | 'wsUrl' | 'tradesTopic'>): CollectorSettings {
  return {
    deadLetterTopic: `${overrides.tradesTopic}.dlq`,
    partitions: 3,
    feed: {
      streamsPerConnection: 1024,
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      staleAfterMs: 5_000,
      maxConnectionAgeMs: 3_600_000,
      liveTimeoutMs: 5_000,
      stableAfterMs: 2_000,
    },
    publish: { maxBatchMessages: 1_000, lingerMs: 0, highWaterMark: 20_000 },
    backfill: { concurrency: 2, pollDelayMs: 50, giveUpAfterMs: 30_000, failureDelayMs: 100 },
    maxBufferedPerSymbol: 100_000,
    kafkaBackoff: { initialDelayMs: 50, maxDelayMs: 500 },
    restoreWindow: 1_000,
    restoreMaxMessages: 1_000_000,
    restoreTimeoutMs: 30_000,
    ...overrides,
  };
}

export interface TopicTrade {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string;
  readonly symbol: string;
  readonly id: number;
}

/** Reads `topic` from the start until `count` messages arrived (or `timeoutMs` passed) and returns them. */
export async function readTopic(bus: Bus, topic: string, count: number, timeoutMs: number): Promise<BusMessage[]> {
  const messages: BusMessage[] = [];
  const consumer = bus.consumer({ groupId: `collector-test-reader-${randomUUID()}`, topics: [topic], fromBeginning: true });
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => (reached = resolve));
  await consumer.run({
    eachBatch: async (batch) => {
      messages.push(...batch.messages);
      if (messages.length >= count) reached();
    },
  });
  if (messages.length < count) await Promise.race([enough, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  await consumer.stop();
  return messages;
}

export function decodeTrades(messages: readonly BusMessage[]): TopicTrade[] {
  return messages.map((message) => {
    const trade = decodeTrade(message.value);
    return { partition: message.partition, offset: message.offset, key: message.key, symbol: trade.symbol, id: Number(trade.aggregateTradeId) };
  });
}

/** The ids of `symbol` in topic order (one symbol lives in one partition, ordered by offset). */
export function idsOf(trades: readonly TopicTrade[], symbol: string): number[] {
  return trades
    .filter((trade) => trade.symbol === symbol)
    .sort((a, b) => (a.partition - b.partition) || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0))
    .map((trade) => trade.id);
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
