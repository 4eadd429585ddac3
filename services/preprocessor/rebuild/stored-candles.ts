// Reads of closed candles from the candle store for a rebuild, paging
// through ranges of any length.
import type { Candle } from '../../../common/candles/candle.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import { MAX_PAGE_LIMIT, type CandleStore } from '../../../common/store/index.js';

export interface SeriesOf {
  readonly exchange: string;
  readonly symbol: string;
}

/** The closed-candle reads a rebuild needs. */
export interface ClosedCandles {
  /** Closed candles of one interval with open times in [from, to], ascending. */
  closedBetween(series: SeriesOf, interval: IntervalName, from: number, to: number): Promise<Candle[]>;
  /** The newest `limit` closed candles of one interval opening at or before `through`, ascending. */
  latestClosed(series: SeriesOf, interval: IntervalName, through: number | undefined, limit: number): Promise<Candle[]>;
}

export class StoredCandles implements ClosedCandles {
  constructor(private readonly store: CandleStore) {}

  async closedBetween(series: SeriesOf, interval: IntervalName, from: number, to: number): Promise<Candle[]> {
    if (to < from) return [];
    const candles: Candle[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.readRange({ ...series, interval, startTime: Math.max(0, from), endTime: to, limit: MAX_PAGE_LIMIT, cursor });
      candles.push(...page.candles);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return candles;
  }

  async latestClosed(series: SeriesOf, interval: IntervalName, through: number | undefined, limit: number): Promise<Candle[]> {
    if (through !== undefined && through < 0) return [];
    const page = await this.store.readLatest({ ...series, interval, limit, ...(through === undefined ? {} : { endTime: through }) });
    return [...page.candles];
  }
}
