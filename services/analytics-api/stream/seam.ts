// The seam between a subscription's history and its live updates. The
// subscription is registered with the hub (taking its snapshot) before the
// history is read, and live updates arriving meanwhile are held, so nothing
// can fall between the two. What remains is to make the three sources agree:
//
// - history: the newest `count` closed candles of the store, merged with the
//   hub snapshot's finals (the feed can be ahead of the store: a final on the
//   topic whose row is not written yet), each open time at its highest
//   version;
// - then the snapshot's running partial, if it is newer than the history;
// - then the held and later live updates that are new to this subscriber
//   (SeamFilter): not a version it already got in the history (the store can
//   be ahead of the feed too), and no partial of a candle the history closed.
import { DEDUPE_WINDOW } from '../live/series-window.js';
import { compareVersions, type LiveCandle, type Version } from '../live/live-candle.js';
import { mergeCandles } from '../live/merge-candles.js';

export interface SeamPlan {
  /** Closed candles, ascending open time, at most `count`. */
  readonly history: readonly LiveCandle[];
  /** The running partial to send right after the history, if any. */
  readonly partial: LiveCandle | undefined;
  readonly filter: SeamFilter;
}

export function planSeam(stored: readonly LiveCandle[], snapshot: readonly LiveCandle[], count: number): SeamPlan {
  const history = count === 0 ? [] : mergeHistory(stored, snapshot, count);
  const filter = new SeamFilter(history);
  const newest = snapshot.at(-1);
  const partial = newest !== undefined && !newest.closed && filter.admit(newest) ? newest : undefined;
  return { history, partial, filter };
}

function mergeHistory(stored: readonly LiveCandle[], snapshot: readonly LiveCandle[], count: number): LiveCandle[] {
  const merged = mergeCandles(stored, snapshot.filter((candle) => candle.closed));
  return merged.slice(Math.max(0, merged.length - count));
}

/** Decides, per live update, whether it is new to a subscriber that received `history`. */
export class SeamFilter {
  private readonly lastHistoryOpenTime: number;
  private readonly versions = new Map<number, Version>();

  constructor(history: readonly LiveCandle[]) {
    this.lastHistoryOpenTime = history.at(-1)?.openTime ?? Number.NEGATIVE_INFINITY;
    // Only the newest candles can still be re-delivered by the feed.
    for (const candle of history.slice(-DEDUPE_WINDOW)) this.versions.set(candle.openTime, candle);
  }

  admit(candle: LiveCandle): boolean {
    if (!candle.closed && candle.openTime <= this.lastHistoryOpenTime) return false;
    const known = this.versions.get(candle.openTime);
    if (known === undefined) return true;
    if (compareVersions(candle, known) <= 0) return false;
    this.versions.set(candle.openTime, candle);
    return true;
  }
}
