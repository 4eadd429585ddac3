// Rebuilds one symbol's engine state from the candle store alone, up to a
// time `replayFrom` after which the trades are replayed from Kafka.
//
// replayFrom starts right after the newest closed candle of the smallest
// interval (the first candle still open). For every interval:
// - the closed candles before its open candle are the ones the engine keeps
//   for revisions (the last revision-window of them), read from the store
//   with their revisions;
// - its open candle, when it began before replayFrom (the 1d candle began
//   at midnight), is rolled up exactly from stored closed candles of smaller
//   intervals that tile [its open time, replayFrom) (4h, then 1h, ..., 1m);
// - trades from replayFrom on are replayed, so nothing is counted twice and
//   nothing is missed.
// Where the store lacks a candle the tiling needs, replayFrom moves back to
// it and the reasoning starts over, so the state is never guessed.
import type { Candle } from '../../../common/candles/candle.js';
import { intervalClock, type IntervalClock } from '../../../common/candles/interval-clock.js';
import { canRollUp, type IntervalName } from '../../../common/candles/intervals.js';
import { rollUp } from '../../../common/candles/rollup.js';
import { SNAPSHOT_VERSION, type SlotSnapshot, type SymbolSnapshot } from '../engine-port/symbol-snapshot.js';
import { candleSnapshotOf, scalesOf, seenFrom } from './candle-snapshots.js';
import type { ClosedCandles, SeriesOf } from './stored-candles.js';

export interface SeedSettings {
  /** In Binance's order (shortest first), as the engine keeps them. */
  readonly intervals: readonly IntervalName[];
  readonly timezoneOffsetMinutes: number;
  readonly revisionWindow: number;
  readonly graceMs: number;
}

export interface SymbolSeed {
  /** Undefined when the symbol never closed a candle: replaying its trades rebuilds everything. */
  readonly snapshot: SymbolSnapshot | undefined;
  /** The symbol's trades at or after this time must be replayed; every earlier one is in the snapshot. */
  readonly replayFrom: number;
  /** The watermark had passed this when the newest stored candle closed (-Infinity when none). */
  readonly watermarkAtLeast: number;
  /** What the store lacked, for the logs; empty for an exact seed. */
  readonly problems: readonly string[];
}

/** Rounds of moving replayFrom back over missing candles before giving up on exactness. */
const MAX_ROUNDS = 32;

interface Round {
  readonly opens: readonly number[];
  readonly pieces: ReadonlyMap<IntervalName, readonly Candle[]>;
  readonly retained: ReadonlyMap<IntervalName, readonly Candle[]>;
}

/**
 * `series.firstOpenTime` is the open time of the symbol's first candle of
 * the smallest interval: nothing of the symbol exists before it.
 */
export async function seedSymbol(
  store: ClosedCandles,
  series: SeriesOf & { readonly firstOpenTime: number },
  order: number,
  settings: SeedSettings,
): Promise<SymbolSeed> {
  const clocks = settings.intervals.map((interval) => intervalClock(interval, settings.timezoneOffsetMinutes));
  const baseClock = clocks[0] as IntervalClock;
  const firstOpen = baseClock.openTime(series.firstOpenTime);
  const [newest] = await store.latestClosed(series, baseClock.interval, undefined, 1);
  if (newest === undefined) return { snapshot: undefined, replayFrom: firstOpen, watermarkAtLeast: Number.NEGATIVE_INFINITY, problems: [] };
  const problems: string[] = [];
  let replayFrom = baseClock.nextOpenTime(newest.openTime);
  let round: Round | undefined;
  for (let attempt = 0; attempt < MAX_ROUNDS && round === undefined; attempt++) {
    const outcome = await tryRound(store, series, clocks, settings, replayFrom, firstOpen);
    if ('opens' in outcome) {
      round = outcome;
    } else {
      // A gap the store should have filled is worth reporting; one no stored interval can tile (3m under 5m) is not.
      if (outcome.missing) problems.push(`the store lacks a candle needed at ${new Date(outcome.at).toISOString()}; replaying from there`);
      replayFrom = outcome.at;
    }
  }
  if (round === undefined) throw new Error(`${series.exchange}:${series.symbol}: the store is missing too many candles to rebuild from`);
  return {
    snapshot: snapshotOf(series.symbol, order, clocks, round, replayFrom),
    replayFrom,
    watermarkAtLeast: newest.closeTime + settings.graceMs + 1,
    problems,
  };
}

/** Where replay must start instead, and whether the store lacked a candle it should have had. */
interface Gap {
  readonly at: number;
  readonly missing: boolean;
}

/** One attempt at replayFrom: the state, or the earlier time replay must start at instead. */
async function tryRound(
  store: ClosedCandles,
  series: SeriesOf,
  clocks: readonly IntervalClock[],
  settings: SeedSettings,
  replayFrom: number,
  firstOpen: number,
): Promise<Round | Gap> {
  const opens = clocks.map((clock) => clock.openTime(replayFrom));
  const lowest = Math.min(...opens);
  const closed = new Map<IntervalName, Map<number, Candle>>();
  for (const clock of clocks) {
    const candles = await store.closedBetween(series, clock.interval, lowest, replayFrom - 1);
    closed.set(clock.interval, new Map(candles.filter((c) => c.closeTime < replayFrom).map((c) => [c.openTime, c])));
  }
  const pieces = new Map<IntervalName, readonly Candle[]>();
  for (const [index, clock] of clocks.entries()) {
    const open = opens[index] as number;
    if (open >= replayFrom) continue;
    const tiled = tile(clock, Math.max(open, firstOpen), replayFrom, clocks, closed);
    if (!Array.isArray(tiled)) return tiled;
    pieces.set(clock.interval, tiled);
  }
  const retained = new Map<IntervalName, readonly Candle[]>();
  for (const [index, clock] of clocks.entries()) {
    const open = opens[index] as number;
    const kept = contiguousTail(clock, await store.latestClosed(series, clock.interval, open - 1, settings.revisionWindow));
    const newest = kept[kept.length - 1];
    // The candle right before the open one is missing: replay it too, rather than fill it as flat.
    if (newest !== undefined && clock.nextOpenTime(newest.openTime) < open) return { at: Math.min(replayFrom, clock.nextOpenTime(newest.openTime)), missing: true };
    retained.set(clock.interval, kept);
  }
  return { opens, pieces, retained };
}

/**
 * Closed candles of shorter intervals covering [from, until) exactly,
 * longest first; or the first gap none of them covers.
 */
function tile(target: IntervalClock, from: number, until: number, clocks: readonly IntervalClock[], closed: ReadonlyMap<IntervalName, ReadonlyMap<number, Candle>>): Candle[] | Gap {
  const sources = clocks.filter((clock) => clock.interval !== target.interval && canRollUp(clock.interval, target.interval)).reverse();
  const pieces: Candle[] = [];
  let at = from;
  while (at < until) {
    const fitting = sources.filter((source) => source.openTime(at) === at && source.closeTime(at) < until);
    const piece = fitting.map((source) => closed.get(source.interval)?.get(at)).find((candle) => candle !== undefined);
    if (piece === undefined) return { at: target.openTime(at) < at && fitting.length === 0 ? target.openTime(at) : at, missing: fitting.length > 0 };
    pieces.push(piece);
    at = piece.closeTime + 1;
  }
  return pieces;
}

/** The newest run of consecutive candles: the engine keeps consecutive ones, and an older one across a gap would be revised wrongly. */
function contiguousTail(clock: IntervalClock, candles: readonly Candle[]): Candle[] {
  let start = candles.length - 1;
  while (start > 0 && clock.nextOpenTime((candles[start - 1] as Candle).openTime) === (candles[start] as Candle).openTime) start--;
  return candles.slice(Math.max(start, 0));
}

function snapshotOf(symbol: string, order: number, clocks: readonly IntervalClock[], round: Round, replayFrom: number): SymbolSnapshot {
  const everything: Candle[] = [];
  const slots: SlotSnapshot[] = clocks.map((clock, index) => {
    const retained = round.retained.get(clock.interval) ?? [];
    const pieces = round.pieces.get(clock.interval) ?? [];
    everything.push(...retained, ...pieces);
    const open = (round.opens[index] as number) < replayFrom ? openCandle(clock, pieces) : [];
    return {
      interval: clock.interval,
      lastClosedOpen: retained.length === 0 ? null : (retained[retained.length - 1] as Candle).openTime,
      dirty: false,
      open,
      retained: retained.map((candle) => candleSnapshotOf(candle, candle.revision)),
    };
  });
  const scales = scalesOf(everything);
  return {
    version: SNAPSHOT_VERSION,
    symbol,
    order,
    priceScale: scales.price,
    quantityScale: scales.quantity,
    seen: seenFrom(everything),
    base: null,
    lastBaseOpen: null,
    nextPartialAt: null,
    dirty: false,
    slots,
  };
}

/** The open candle as the rollup of its closed pieces; none when they hold no trade (the engine keeps no empty open candle). */
function openCandle(clock: IntervalClock, pieces: readonly Candle[]): SlotSnapshot['open'] {
  if (pieces.length === 0) return [];
  const [rolled] = rollUp(pieces, clock.interval, { timezoneOffsetMinutes: clock.offsetMinutes, fillEmptyIntervals: false });
  if (rolled === undefined || rolled.tradeCount === 0) return [];
  return [candleSnapshotOf({ ...rolled, openTime: clock.openTime(rolled.openTime), closeTime: clock.closeTime(clock.openTime(rolled.openTime)) }, -1)];
}
