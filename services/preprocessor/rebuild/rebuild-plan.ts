// What a partition needs when Redis lost its checkpoint while Kafka still
// has the group's committed offset C: the state rebuilt from durable data,
// and the offset to replay the trades from. See README.md ("When Redis loses
// the state") for why the result is exact.
//
// 1. The partition's symbols: every series in the candle store whose key
//    exchange:SYMBOL hashes to this partition. Every symbol with a trade
//    below C is there: each checkpoint first writes the newest partial of
//    every open candle.
// 2. Each symbol's state up to a time replayFrom, from stored candles
//    (symbol-seed.ts).
// 3. The start offset S: the earliest message whose timestamp is at or after
//    min(replayFrom) minus the allowed clock skew, and never after C (the
//    effects of messages from C on may not have been durable).
// 4. If Kafka retention deleted messages S needs, the rebuild cannot be
//    exact: it says so (logs and wick_preprocessor_inexact_starts_total) and
//    goes on with what is retained, rather than stall the partition.
import type { Bus, OffsetLookup } from '../../../common/bus/index.js';
import { partitionForKey } from '../../../common/bus/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { SymbolSnapshot } from '../engine-port/symbol-snapshot.js';
import { StoredCandles } from './stored-candles.js';
import { seedSymbol, type SeedSettings } from './symbol-seed.js';

export interface RebuildInput {
  readonly store: CandleStore;
  readonly bus: Bus & OffsetLookup;
  readonly topic: string;
  readonly partition: number;
  /** The group's committed offset: every message below it had its effects made durable. */
  readonly committed: bigint;
  readonly settings: SeedSettings & { readonly clockSkewMs: number };
}

export interface RebuildPlan {
  readonly startOffset: bigint;
  /** The watermark to start with. */
  readonly watermark: number;
  /** Symbol states by exchange. */
  readonly states: Map<string, SymbolSnapshot[]>;
  readonly symbols: number;
  /** The earliest trade time replayed. */
  readonly replayFrom: number | undefined;
  /** Why the rebuild may not be exact; empty when it is. */
  readonly problems: string[];
}

export async function planRebuild(input: RebuildInput): Promise<RebuildPlan> {
  const ranges = await input.bus.offsets(input.topic);
  const range = ranges.find((entry) => entry.partition === input.partition);
  if (range === undefined) throw new Error(`${input.topic} has no partition ${input.partition}`);
  const symbols = await partitionSymbols(input, ranges.length);
  const reader = new StoredCandles(input.store);
  const states = new Map<string, SymbolSnapshot[]>();
  const problems: string[] = [];
  let replayFrom = Number.POSITIVE_INFINITY;
  let watermark = Number.NEGATIVE_INFINITY;
  for (const [order, series] of symbols.entries()) {
    const seed = await seedSymbol(reader, series, order, input.settings);
    replayFrom = Math.min(replayFrom, seed.replayFrom);
    watermark = Math.max(watermark, seed.watermarkAtLeast);
    problems.push(...seed.problems.map((problem) => `${series.exchange}:${series.symbol}: ${problem}`));
    if (seed.snapshot === undefined) continue;
    const list = states.get(series.exchange) ?? [];
    list.push(seed.snapshot);
    states.set(series.exchange, list);
  }
  let startOffset = input.committed;
  if (symbols.length > 0) {
    // Kafka reads a negative time as "latest" or "earliest"; no trade is that old anyway.
    const since = Math.max(0, replayFrom - input.settings.clockSkewMs);
    const byTime = (await input.bus.offsetsForTime(input.topic, since)).find((entry) => entry.partition === input.partition)?.offset ?? range.high;
    if (byTime < startOffset) startOffset = byTime;
    if (byTime <= input.committed && byTime === range.low && range.low > 0n) {
      problems.push(`Kafka retention starts at offset ${range.low}, whose messages are already newer than ${new Date(since).toISOString()}: trades the rebuild needs may have been deleted`);
    }
  }
  if (startOffset < range.low) {
    problems.push(`Kafka retention deleted offsets ${startOffset} to ${range.low - 1n}, which the rebuild needs`);
    startOffset = range.low;
  }
  return { startOffset, watermark, states, symbols: symbols.length, replayFrom: Number.isFinite(replayFrom) ? replayFrom : undefined, problems };
}

/**
 * The stored series whose Kafka key lands in this partition, one entry per
 * symbol with the open time of its first candle of the smallest interval
 * (its first trade's); the earliest of any interval when that one is missing.
 */
async function partitionSymbols(input: RebuildInput, partitions: number): Promise<Array<{ exchange: string; symbol: string; firstOpenTime: number }>> {
  const base = input.settings.intervals[0];
  const bySymbol = new Map<string, { exchange: string; symbol: string; firstOpenTime: number; ofBase: boolean }>();
  for (const series of await input.store.listSeries()) {
    const key = `${series.exchange}:${series.symbol}`;
    if (partitionForKey(key, partitions) !== input.partition) continue;
    const ofBase = series.interval === base;
    const known = bySymbol.get(key);
    if (known === undefined || (ofBase && !known.ofBase)) bySymbol.set(key, { exchange: series.exchange, symbol: series.symbol, firstOpenTime: series.firstOpenTime, ofBase });
    else if (!known.ofBase) known.firstOpenTime = Math.min(known.firstOpenTime, series.firstOpenTime);
  }
  return [...bySymbol.values()].sort((a, b) => (a.exchange === b.exchange ? compare(a.symbol, b.symbol) : compare(a.exchange, b.exchange)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
