// The hot reads: the newest closed candles of the series clients read most
// (a chart opening, a stream's history), kept in memory already encoded, so
// they cost neither a store read nor an encoding. Each kept series is filled
// from the store once, then kept current from the live feed (new finals
// appended, revisions replacing their candle), and read from the store
// again every `refreshMs`, so a change that never went through the feed
// (an operator's backfill) shows within that time.
//
// A fill subscribes to the hub before it reads the store and merges what the
// feed delivered meanwhile, as a stream's seam does, so no final falls
// between the two. Measured (see README): a latest-1,000 read from memory
// instead of PostgreSQL plus encoding cuts the server's time by about 80%.
import { fromStore } from '../../../common/rpc/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { LatestCacheMetrics } from '../metrics.js';
import type { CandleHub } from './candle-hub.js';
import { compareVersions, LiveCandle, type SeriesRef } from './live-candle.js';
import { mergeCandles } from './merge-candles.js';

export const LATEST_REFRESH_MS = 60_000;

export interface LatestCandlesOptions {
  readonly hub: CandleHub;
  readonly store: Pick<CandleStore, 'readLatestColumns'>;
  /** Closed candles kept per series: the largest page a request may ask for. */
  readonly depth: number;
  /** Series kept at once, the least recently read dropped first; 0 keeps none. */
  readonly maxSeries: number;
  readonly refreshMs: number;
  readonly now: () => number;
  readonly metrics: LatestCacheMetrics;
}

export interface LatestPage {
  /** Ascending open time. */
  readonly candles: readonly LiveCandle[];
  /** Older closed candles exist. */
  readonly more: boolean;
}

interface Entry {
  candles: LiveCandle[];
  olderExist: boolean;
  filledAt: number;
  filling: Promise<void> | undefined;
  /** Finals the feed delivered while a fill read the store. */
  held: LiveCandle[] | undefined;
  unsubscribe: () => void;
}

export class LatestCandles {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: LatestCandlesOptions) {}

  get seriesCount(): number {
    return this.entries.size;
  }

  /** The newest `limit` closed candles of the series. */
  async latest(series: SeriesRef, limit: number): Promise<LatestPage> {
    const { metrics, maxSeries, depth } = this.options;
    if (maxSeries === 0 || limit > depth) {
      metrics.reads.inc({ outcome: 'store' });
      return this.readStore(series, limit);
    }
    const entry = this.entry(series);
    if (this.options.now() - entry.filledAt >= this.options.refreshMs) {
      metrics.reads.inc({ outcome: 'fill' });
      entry.filling ??= this.fill(series, entry).finally(() => {
        entry.filling = undefined;
      });
      await entry.filling;
    } else {
      metrics.reads.inc({ outcome: 'memory' });
    }
    const start = Math.max(0, entry.candles.length - limit);
    return { candles: entry.candles.slice(start), more: start > 0 || entry.olderExist };
  }

  private entry(series: SeriesRef): Entry {
    const known = this.entries.get(series.key);
    if (known !== undefined) {
      // Map order is recency order.
      this.entries.delete(series.key);
      this.entries.set(series.key, known);
      return known;
    }
    const entry: Entry = { candles: [], olderExist: false, filledAt: Number.NEGATIVE_INFINITY, filling: undefined, held: undefined, unsubscribe: () => undefined };
    entry.unsubscribe = this.options.hub.subscribe(series.key, (candle) => this.apply(entry, candle)).unsubscribe;
    this.entries.set(series.key, entry);
    this.evict();
    return entry;
  }

  private async fill(series: SeriesRef, entry: Entry): Promise<void> {
    entry.held = [];
    const feed = this.options.hub.snapshot(series.key).filter((candle) => candle.closed);
    try {
      const page = await this.readStore(series, this.options.depth);
      // Kept for minutes: each candle keeps its own bytes, not a view of the page's buffer.
      for (const candle of page.candles) candle.compact();
      const merged = mergeCandles(page.candles, [...feed, ...entry.held]);
      const overflow = Math.max(0, merged.length - this.options.depth);
      entry.candles = merged.slice(overflow);
      entry.olderExist = page.more || overflow > 0;
      entry.filledAt = this.options.now();
    } catch (error) {
      this.drop(series.key, entry);
      throw error;
    } finally {
      entry.held = undefined;
    }
  }

  private async readStore(series: SeriesRef, limit: number): Promise<LatestPage> {
    const { exchange, symbol, interval } = series;
    const page = await fromStore(() => this.options.store.readLatestColumns({ exchange, symbol, interval, limit }));
    return { candles: LiveCandle.fromColumns(page.columns, this.options.now()), more: page.nextCursor !== undefined };
  }

  /** A final from the feed: appended, or replacing an older version of its candle. Partials are not kept. */
  private apply(entry: Entry, candle: LiveCandle): void {
    if (!candle.closed) return;
    if (entry.held !== undefined) {
      entry.held.push(candle);
      return;
    }
    const { candles } = entry;
    let index = candles.length;
    while (index > 0 && (candles[index - 1] as LiveCandle).openTime > candle.openTime) index -= 1;
    const previous = candles[index - 1];
    if (previous !== undefined && previous.openTime === candle.openTime) {
      if (compareVersions(candle, previous) > 0) candles[index - 1] = candle;
      return;
    }
    // Older than everything kept, with older candles in the store: outside the window.
    if (index === 0 && candles.length > 0 && (entry.olderExist || candles.length >= this.options.depth)) return;
    candles.splice(index, 0, candle);
    if (candles.length > this.options.depth) {
      candles.shift();
      entry.olderExist = true;
    }
  }

  private evict(): void {
    while (this.entries.size > this.options.maxSeries) {
      const [key, entry] = this.entries.entries().next().value as [string, Entry];
      this.drop(key, entry);
    }
  }

  private drop(key: string, entry: Entry): void {
    entry.unsubscribe();
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}
