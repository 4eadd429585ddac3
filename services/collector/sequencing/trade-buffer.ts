// Live trades held back while the ids before them are fetched over REST:
// sorted by id, each id once, bounded. Trades nearly always arrive in
// order, so an append is O(1); an out-of-order one (two connections
// overlapping during a rotation) is a binary insert. Taking from the front
// moves an index instead of shifting the array, so draining is O(n).

export type InsertOutcome = 'inserted' | 'duplicate' | 'overflow';

export class TradeBuffer<T extends { readonly id: number }> {
  private items: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`trade buffer capacity must be an integer >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  first(): T | undefined {
    return this.items[this.head];
  }

  last(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.items.length - 1];
  }

  /**
   * Adds a trade in id order. When full the newest trades are the ones
   * refused: the oldest are those a backfill reaches first, and whatever is
   * refused is fetched over REST like the rest of the gap.
   */
  insert(trade: T): InsertOutcome {
    const last = this.last();
    if (last === undefined || trade.id > last.id) {
      if (this.size >= this.capacity) return 'overflow';
      this.items.push(trade);
      return 'inserted';
    }
    const index = this.lowerBound(trade.id);
    if (this.items[index]?.id === trade.id) return 'duplicate';
    if (this.size >= this.capacity) return 'overflow';
    this.items.splice(index, 0, trade);
    return 'inserted';
  }

  /** Removes and returns the first trade. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const trade = this.items[this.head];
    this.head += 1;
    if (this.head === this.items.length) this.clear();
    else if (this.head >= 1024 && this.head * 2 >= this.items.length) this.compact();
    return trade;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }

  /** Index of the first live item with id >= `id`. */
  private lowerBound(id: number): number {
    let low = this.head;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.items[middle] as T).id < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
