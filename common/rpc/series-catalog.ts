// Which series exist, so a request for an unknown symbol gets NOT_FOUND
// instead of an empty answer. The store's series list (one small table) is
// cached and refreshed in the background of requests: on a miss at most once
// per `missRefreshMs` (a new symbol is found within that time), otherwise
// every `maxAgeMs`. Series seen on the live candle feed count too, so a
// symbol is known from its first partial candle, before any final is stored.
import { INTERVALS, type IntervalName } from '../candles/intervals.js';
import type { CandleStore, SeriesInfo } from '../store/index.js';
import { notFound, quoteInput } from './field-error.js';

export interface SeriesCatalogOptions {
  readonly store: Pick<CandleStore, 'listSeries'>;
  /** Least time between two refreshes caused by unknown names; default 1 s. */
  readonly missRefreshMs?: number;
  /** Refresh a list older than this on the next request; default 30 s. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

const symbolKey = (exchange: string, symbol: string): string => `${exchange}\u0000${symbol}`;

export class SeriesCatalog {
  private stored = new Map<string, Set<IntervalName>>();
  private list: readonly SeriesInfo[] = [];
  private readonly live = new Map<string, Set<IntervalName>>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SeriesCatalogOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The stored series, optionally of one exchange, refreshed when older than `maxAgeMs` (default: the catalogue's). */
  async storedSeries(exchange?: string, maxAgeMs = this.options.maxAgeMs ?? 30_000): Promise<readonly SeriesInfo[]> {
    await this.refreshIfOlderThan(maxAgeMs);
    return exchange === undefined ? this.list : this.list.filter((series) => series.exchange === exchange);
  }

  /** Records a series seen on the live feed. */
  noteLive(exchange: string, symbol: string, interval: IntervalName): void {
    const key = symbolKey(exchange, symbol);
    let intervals = this.live.get(key);
    if (intervals === undefined) {
      intervals = new Set();
      this.live.set(key, intervals);
    }
    intervals.add(interval);
  }

  /** The intervals known for a symbol; NOT_FOUND when the symbol is unknown. */
  async requireSymbol(exchange: string, symbol: string): Promise<ReadonlySet<IntervalName>> {
    let intervals = await this.knownIntervals(exchange, symbol, this.options.maxAgeMs ?? 30_000);
    if (intervals.size === 0) intervals = await this.knownIntervals(exchange, symbol, this.options.missRefreshMs ?? 1_000);
    if (intervals.size === 0) throw notFound(`unknown symbol ${quoteInput(symbol)} on exchange ${exchange}`);
    return intervals;
  }

  /** NOT_FOUND unless the symbol exists and has candles of `interval`. */
  async requireSeries(exchange: string, symbol: string, interval: IntervalName): Promise<void> {
    let intervals = await this.requireSymbol(exchange, symbol);
    if (!intervals.has(interval)) intervals = await this.knownIntervals(exchange, symbol, this.options.missRefreshMs ?? 1_000);
    if (!intervals.has(interval)) {
      const have = INTERVALS.filter((known) => intervals.has(known)).join(' ');
      throw notFound(`${exchange} ${symbol} has no ${interval} candles (it has ${have})`);
    }
  }

  private async knownIntervals(exchange: string, symbol: string, maxAgeMs: number): Promise<ReadonlySet<IntervalName>> {
    await this.refreshIfOlderThan(maxAgeMs);
    const key = symbolKey(exchange, symbol);
    const stored = this.stored.get(key);
    const live = this.live.get(key);
    if (live === undefined) return stored ?? new Set();
    if (stored === undefined) return live;
    return new Set([...stored, ...live]);
  }

  private async refreshIfOlderThan(maxAgeMs: number): Promise<void> {
    if (this.now() - this.loadedAt < maxAgeMs) return;
    // One query at a time, shared by every request that finds the list stale.
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const started = this.now();
    const list = await this.options.store.listSeries();
    const stored = new Map<string, Set<IntervalName>>();
    for (const series of list) {
      const key = symbolKey(series.exchange, series.symbol);
      let intervals = stored.get(key);
      if (intervals === undefined) {
        intervals = new Set();
        stored.set(key, intervals);
      }
      intervals.add(series.interval);
    }
    this.stored = stored;
    this.list = list;
    this.loadedAt = started;
  }
}
