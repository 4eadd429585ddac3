// Remembers which trade ids of one symbol were counted, so a trade seen
// twice (a reconnect replay, a backfill overlapping the live stream) counts
// once. Binance trade ids are consecutive per symbol and an aggTrade covers
// a range of them, so the ids seen form a few ranges: in the usual in-order
// stream a single range whose end moves forward, which is one comparison
// per trade. Gaps and out-of-order trades add ranges; ranges whose trades
// are all older than anything the engine can still revise are pruned.
//
// The newest range lives in plain fields (newestFrom..maxId, newestLatest)
// and only the older ones in arrays: extending the newest range, which is
// what almost every trade does, then touches no array. (The arrays' element
// kinds also differ between symbols whose ids fit a small integer and those
// whose ids do not, which made every array access on the hot path polymorphic.)
import type { SeenSnapshot } from './snapshot.js';

export type TradeIdCheck = 'new' | 'duplicate' | 'overlap';

/** What recording a trade needs: its ids and time. */
export interface SeenTrade {
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  readonly time: number;
}

export class SeenTradeIds {
  /** Highest trade id seen (the end of the newest range); -1 before any. */
  maxId = -1;
  /**
   * Start of the newest range, newestFrom..maxId. maxId + 1 when that range
   * is empty (before any trade, or after it was pruned): extending it then
   * starts it, so the hot path needs no special case.
   */
  private newestFrom = 0;
  /** Latest trade time in the newest range, for pruning. */
  private newestLatest = -Infinity;
  /** Older ranges, in id order, all below newestFrom - 1. */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly latest: number[] = [];

  get rangeCount(): number {
    return this.from.length + (this.newestFrom <= this.maxId ? 1 : 0);
  }

  /**
   * 'duplicate' when every id of first..last was seen, 'overlap' when only
   * some were (inconsistent input: it cannot be counted exactly), else 'new'.
   */
  check(first: number, last: number): TradeIdCheck {
    if (first > this.maxId) return 'new';
    if (this.newestFrom <= this.maxId && last >= this.newestFrom) return first >= this.newestFrom && last <= this.maxId ? 'duplicate' : 'overlap';
    const i = this.lastOlderStartingAtOrBefore(last);
    if (i < 0 || (this.to[i] as number) < first) return 'new';
    return (this.from[i] as number) <= first && last <= (this.to[i] as number) ? 'duplicate' : 'overlap';
  }

  /**
   * Records a trade checked as 'new'. It takes the trade, not its ids and
   * time, on purpose: those are doubles (ids past 2^31, times in ms), and
   * V8 boxes each double passed to a call it did not inline, one heap
   * allocation per argument per trade.
   */
  record(trade: SeenTrade): void {
    const first = trade.firstTradeId;
    if (first === this.maxId + 1) {
      this.maxId = trade.lastTradeId;
      if (trade.time > this.newestLatest) this.newestLatest = trade.time;
    } else if (first > this.maxId) {
      this.startNewest(first, trade.lastTradeId, trade.time);
    } else {
      this.insertOlder(first, trade.lastTradeId, trade.time);
    }
  }

  /** Forgets ranges whose trades are all older than `horizonTime` (the newest one included). */
  prune(horizonTime: number): void {
    let drop = 0;
    while (drop < this.from.length && (this.latest[drop] as number) < horizonTime) drop++;
    if (drop > 0) {
      this.from.splice(0, drop);
      this.to.splice(0, drop);
      this.latest.splice(0, drop);
    }
    if (this.from.length === 0 && this.newestFrom <= this.maxId && this.newestLatest < horizonTime) {
      // Empty, as before any trade; maxId stays, so the next in-order trade still takes the fast path.
      this.newestFrom = this.maxId + 1;
      this.newestLatest = -Infinity;
    }
  }

  /** The ranges as a snapshot: oldest first, the newest (when not pruned) last. */
  toSnapshot(): SeenSnapshot {
    const ranges: Array<[number, number, number]> = this.from.map((from, i) => [from, this.to[i] as number, this.latest[i] as number]);
    if (this.newestFrom <= this.maxId) ranges.push([this.newestFrom, this.maxId, this.newestLatest]);
    return { maxId: this.maxId, ranges };
  }

  /**
   * Loads a snapshot into this empty instance (checkSymbolSnapshot checked
   * the ranges are ascending, disjoint and end at or below maxId). A last
   * range ending at maxId is the newest one; otherwise the newest was pruned.
   */
  restore(snapshot: SeenSnapshot): void {
    const ranges = [...snapshot.ranges];
    const newest = ranges[ranges.length - 1];
    this.maxId = snapshot.maxId;
    if (newest !== undefined && newest[1] === snapshot.maxId) {
      ranges.pop();
      this.newestFrom = newest[0];
      this.newestLatest = newest[2];
    } else {
      this.newestFrom = snapshot.maxId + 1;
      this.newestLatest = -Infinity;
    }
    for (const [from, to, latest] of ranges) {
      this.from.push(from);
      this.to.push(to);
      this.latest.push(latest);
    }
  }

  /** A gap after the newest range: it becomes an older range and first..last the newest. */
  private startNewest(first: number, last: number, time: number): void {
    if (this.newestFrom <= this.maxId) {
      this.from.push(this.newestFrom);
      this.to.push(this.maxId);
      this.latest.push(this.newestLatest);
    }
    this.newestFrom = first;
    this.maxId = last;
    this.newestLatest = time;
  }

  /** An out-of-order trade below the newest range: joins a neighbour or becomes a range of its own. */
  private insertOlder(first: number, last: number, time: number): void {
    if (last + 1 === this.newestFrom) {
      this.newestFrom = first;
      if (time > this.newestLatest) this.newestLatest = time;
      this.joinLastOlderWithNewest();
      return;
    }
    const at = this.lastOlderStartingAtOrBefore(last) + 1;
    const before = at - 1;
    if (before >= 0 && (this.to[before] as number) + 1 === first) {
      this.to[before] = last;
      this.latest[before] = Math.max(this.latest[before] as number, time);
      this.joinWithNextOlder(before);
      return;
    }
    this.from.splice(at, 0, first);
    this.to.splice(at, 0, last);
    this.latest.splice(at, 0, time);
    this.joinWithNextOlder(at);
  }

  private joinWithNextOlder(i: number): void {
    const next = i + 1;
    if (next >= this.from.length) {
      if ((this.to[i] as number) + 1 === this.newestFrom) this.joinLastOlderWithNewest();
      return;
    }
    if ((this.to[i] as number) + 1 !== this.from[next]) return;
    this.to[i] = this.to[next] as number;
    this.latest[i] = Math.max(this.latest[i] as number, this.latest[next] as number);
    this.from.splice(next, 1);
    this.to.splice(next, 1);
    this.latest.splice(next, 1);
  }

  /** The last older range ends right below the newest one: they become one. */
  private joinLastOlderWithNewest(): void {
    const last = this.from.length - 1;
    if (last < 0 || (this.to[last] as number) + 1 !== this.newestFrom) return;
    this.newestFrom = this.from[last] as number;
    this.newestLatest = Math.max(this.newestLatest, this.latest[last] as number);
    this.from.pop();
    this.to.pop();
    this.latest.pop();
  }

  /** Index of the last older range with from <= id, or -1. */
  private lastOlderStartingAtOrBefore(id: number): number {
    let low = 0;
    let high = this.from.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.from[mid] as number) <= id) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }
}
