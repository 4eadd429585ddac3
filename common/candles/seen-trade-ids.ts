// Remembers which trade ids of one symbol were counted, so a trade seen
// twice (a reconnect replay, a backfill overlapping the live stream) counts
// once. Binance trade ids are consecutive per symbol and an aggTrade covers
// a range of them, so the ids seen form a few ranges: in the usual in-order
// stream a single range whose end moves forward, which is one comparison
// per trade. Gaps and out-of-order trades add ranges; ranges whose trades
// are all older than anything the engine can still revise are pruned.

export type TradeIdCheck = 'new' | 'duplicate' | 'overlap';

export class SeenTradeIds {
  /** Highest trade id seen; every newer trade has a larger first id. */
  maxId = -1;
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  /** Latest trade time in each range, for pruning. */
  private readonly latest: number[] = [];

  get rangeCount(): number {
    return this.from.length;
  }

  /**
   * 'duplicate' when every id of first..last was seen, 'overlap' when only
   * some were (inconsistent input: it cannot be counted exactly), else 'new'.
   */
  check(first: number, last: number): TradeIdCheck {
    if (first > this.maxId) return 'new';
    const i = this.lastRangeStartingAtOrBefore(last);
    if (i < 0 || (this.to[i] as number) < first) return 'new';
    return (this.from[i] as number) <= first && last <= (this.to[i] as number) ? 'duplicate' : 'overlap';
  }

  /** Records a trade checked as 'new'. */
  record(first: number, last: number, time: number): void {
    const count = this.from.length;
    if (first > this.maxId) {
      if (count > 0 && first === this.maxId + 1) {
        this.to[count - 1] = last;
        if (time > (this.latest[count - 1] as number)) this.latest[count - 1] = time;
      } else {
        this.from.push(first);
        this.to.push(last);
        this.latest.push(time);
      }
      this.maxId = last;
      return;
    }
    this.insert(first, last, time);
  }

  /** Forgets ranges whose trades are all older than `horizonTime`. */
  prune(horizonTime: number): void {
    let drop = 0;
    while (drop < this.from.length && (this.latest[drop] as number) < horizonTime) drop++;
    if (drop === 0) return;
    this.from.splice(0, drop);
    this.to.splice(0, drop);
    this.latest.splice(0, drop);
  }

  private insert(first: number, last: number, time: number): void {
    const at = this.lastRangeStartingAtOrBefore(last) + 1;
    const before = at - 1;
    if (before >= 0 && (this.to[before] as number) + 1 === first) {
      this.to[before] = last;
      this.latest[before] = Math.max(this.latest[before] as number, time);
      this.joinWithNext(before);
      return;
    }
    this.from.splice(at, 0, first);
    this.to.splice(at, 0, last);
    this.latest.splice(at, 0, time);
    this.joinWithNext(at);
  }

  private joinWithNext(i: number): void {
    const next = i + 1;
    if (next >= this.from.length || (this.to[i] as number) + 1 !== this.from[next]) return;
    this.to[i] = this.to[next] as number;
    this.latest[i] = Math.max(this.latest[i] as number, this.latest[next] as number);
    this.from.splice(next, 1);
    this.to.splice(next, 1);
    this.latest.splice(next, 1);
  }

  /** Index of the last range with from <= id, or -1. */
  private lastRangeStartingAtOrBefore(id: number): number {
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
