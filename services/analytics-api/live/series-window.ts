// The recent versions of one series' candles, newest open times last. It
// answers two questions: is an incoming update new (or a re-delivery to
// drop), and what are the series' latest candles (the snapshot a new
// subscriber starts from, the running partial GetCandles returns).
//
// Dedupe covers the newest DEDUPE_WINDOW open times: enough for the engine's
// revision window (10 candles) and for a preprocessor's replay after a
// restart. A final for an older candle cannot be checked and passes (its
// revision tells a client whether it has it already); a partial for an older
// candle is always stale (newer candles exist) and is dropped.
import { compareVersions, type LiveCandle, type Version } from './live-candle.js';

export const DEDUPE_WINDOW = 64;
/** Newest open times whose candle is kept whole for snapshots: finals the store may not have yet, and the partial. */
export const SNAPSHOT_CANDLES = 8;

interface Entry extends Version {
  readonly openTime: number;
  candle: LiveCandle | undefined;
}

export class SeriesWindow {
  private readonly entries: Entry[] = [];

  /** Records the update and returns true when it is newer than what was seen for its candle. */
  accept(candle: LiveCandle): boolean {
    const index = this.findIndex(candle.openTime);
    const existing = index >= 0 ? this.entries[index] : undefined;
    if (existing !== undefined) {
      if (compareVersions(candle, existing) <= 0) return false;
      const entry = toEntry(candle);
      if (index < this.entries.length - SNAPSHOT_CANDLES) entry.candle = undefined;
      this.entries[index] = entry;
      return true;
    }
    const newest = this.entries.at(-1);
    // Only the newest candle runs: a partial for an older one is a replay.
    if (!candle.closed && newest !== undefined && candle.openTime < newest.openTime) return false;
    const oldest = this.entries[0];
    if (this.entries.length >= DEDUPE_WINDOW && oldest !== undefined && candle.openTime < oldest.openTime) return true;
    this.insert(candle);
    return true;
  }

  /** The kept candles, ascending open time (the latest version of each). */
  snapshot(): LiveCandle[] {
    const candles: LiveCandle[] = [];
    for (const entry of this.entries) if (entry.candle !== undefined) candles.push(entry.candle);
    return candles;
  }

  /** The running candle's latest partial update, if the newest candle seen is still running. */
  currentPartial(): LiveCandle | undefined {
    const newest = this.entries.at(-1);
    return newest !== undefined && !newest.closed ? newest.candle : undefined;
  }

  private findIndex(openTime: number): number {
    // Updates are almost always for the newest candle or one just before.
    for (let index = this.entries.length - 1; index >= 0; index -= 1) {
      const entryTime = (this.entries[index] as Entry).openTime;
      if (entryTime === openTime) return index;
      if (entryTime < openTime) return -1;
    }
    return -1;
  }

  private insert(candle: LiveCandle): void {
    let index = this.entries.length;
    while (index > 0 && (this.entries[index - 1] as Entry).openTime > candle.openTime) index -= 1;
    this.entries.splice(index, 0, toEntry(candle));
    if (this.entries.length > DEDUPE_WINDOW) this.entries.shift();
    const released = this.entries.length - SNAPSHOT_CANDLES - 1;
    if (released >= 0) (this.entries[released] as Entry).candle = undefined;
  }
}

function toEntry(candle: LiveCandle): Entry {
  return { openTime: candle.openTime, closed: candle.closed, revision: candle.revision, tradeCount: candle.tradeCount, candle };
}
