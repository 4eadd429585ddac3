// The rows of a query, symbol by symbol in request order, each symbol's bars
// in time order, read from the store's rollup a chunk at a time (so an export
// never holds more than one chunk), with the derived series computed as the
// bars pass. When returns or volatility are asked for, the bars just before
// the first one are read too (and not returned), so the first rows carry
// values when older candles exist.
import type { CandleStore, Bar } from '../../../common/store/index.js';
import { fromStore } from '../../../common/rpc/index.js';
import { DerivedSeriesCalculator, type DerivedText } from '../derived/derived-series.js';
import type { QueryPlan } from './query-plan.js';

export interface BarRow {
  readonly symbolIndex: number;
  readonly bar: Bar;
  readonly derived: DerivedText | undefined;
}

/** Where a query continues: a symbol, and within it the open time of the next bucket (absent: from start_time). */
export interface RowPosition {
  readonly symbolIndex: number;
  readonly nextOpenTime?: number;
}

export function positionAfter(row: BarRow): RowPosition {
  return { symbolIndex: row.symbolIndex, nextOpenTime: row.bar.closeTime + 1 };
}

/** Rows from `position` on; `chunk` bars are read from the store at a time. */
export async function* barRows(store: CandleStore, plan: QueryPlan, position: RowPosition | undefined, chunk: number): AsyncGenerator<BarRow> {
  for (let symbolIndex = position?.symbolIndex ?? 0; symbolIndex < plan.symbols.length; symbolIndex += 1) {
    const from = symbolIndex === position?.symbolIndex ? position.nextOpenTime ?? plan.startTime : plan.startTime;
    yield* symbolRows(store, plan, symbolIndex, from, chunk);
  }
}

async function* symbolRows(store: CandleStore, plan: QueryPlan, symbolIndex: number, from: number, chunk: number): AsyncGenerator<BarRow> {
  const calculator = plan.derived === undefined ? undefined : new DerivedSeriesCalculator(plan.derived);
  const lookback = lookbackBuckets(plan);
  const query = {
    exchange: plan.exchange,
    symbol: plan.symbols[symbolIndex] as string,
    bucket: plan.bucket,
    timezoneOffsetMinutes: plan.timezoneOffsetMinutes,
    startTime: lookback === 0 ? from : bucketsBefore(plan, from, lookback),
    endTime: plan.endTime,
    includeIncomplete: plan.includeIncomplete,
    limit: chunk,
  };
  let cursor: string | undefined;
  do {
    const page = await fromStore(() => store.rollup(cursor === undefined ? query : { ...query, cursor }));
    for (const bar of page.bars) {
      const derived = calculator?.next(bar);
      // A look-back bar: it ends before the bucket the rows start with.
      if (bar.closeTime < from) continue;
      yield { symbolIndex, bar, derived };
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

/** Buckets read before the first row: one for a return, the window for volatility. */
function lookbackBuckets(plan: QueryPlan): number {
  const derived = plan.derived;
  if (derived === undefined) return 0;
  if (derived.volatilityWindow !== undefined) return derived.volatilityWindow;
  return derived.simpleReturn || derived.logReturn ? 1 : 0;
}

/** A time in the bucket `count` buckets before the one containing `time` (never before the epoch). */
export function bucketsBefore(plan: QueryPlan, time: number, count: number): number {
  const { width } = plan;
  if (width.unit === 'fixed') return Math.max(0, time - count * width.widthMs);
  const offsetMs = plan.timezoneOffsetMinutes * 60_000;
  const local = new Date(time + offsetMs);
  return Math.max(0, Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - count * width.months, 1) - offsetMs);
}
