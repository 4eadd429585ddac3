// An independent, in-memory rollup of 1m candles used as the oracle for the
// SQL rollup: plain loops and BigInt fixed-point sums over the fixtures'
// 8-decimal strings. Same rules as sql/rollup.ts documents.
import type { Bar } from '../candle-store.js';
import type { Candle } from '../domain.js';
import { toUnits, units } from './fixtures.js';

export interface BucketBounds {
  readonly openTime: number;
  readonly closeTime: number;
}

export type ReferenceBar = Omit<Bar, 'exchange' | 'symbol' | 'bucket'>;

/** Bars of every bucket holding a minute, oldest first. `bucketOf` places a minute's open time. */
export function referenceRollup(minutes: readonly Candle[], bucketOf: (timeMs: number) => BucketBounds): ReferenceBar[] {
  const sorted = [...minutes].sort((a, b) => a.openTime - b.openTime);
  const lastFinal = sorted.filter((minute) => minute.closed).at(-1);
  const finalThrough = lastFinal === undefined ? -1 : lastFinal.openTime + 59_999;
  const groups = new Map<number, { bounds: BucketBounds; minutes: Candle[] }>();
  for (const minute of sorted) {
    const bounds = bucketOf(minute.openTime);
    const group = groups.get(bounds.openTime) ?? { bounds, minutes: [] };
    group.minutes.push(minute);
    groups.set(bounds.openTime, group);
  }
  return [...groups.values()].map(({ bounds, minutes: group }) => bar(bounds, group, finalThrough));
}

function bar(bounds: BucketBounds, group: readonly Candle[], finalThrough: number): ReferenceBar {
  const traded = group.filter((minute) => minute.tradeCount > 0);
  const priced = traded.length > 0 ? traded : group;
  const first = group[0] as Candle;
  const last = group.at(-1) as Candle;
  const sum = (pick: (minute: Candle) => string) => units(group.reduce((total, minute) => total + toUnits(pick(minute)), 0n));
  return {
    openTime: bounds.openTime,
    closeTime: bounds.closeTime,
    open: (traded[0] ?? first).open,
    high: extreme(priced.map((minute) => minute.high), 1),
    low: extreme(priced.map((minute) => minute.low), -1),
    close: last.close,
    volume: sum((minute) => minute.volume),
    quoteVolume: sum((minute) => minute.quoteVolume),
    takerBuyVolume: sum((minute) => minute.takerBuyVolume),
    takerBuyQuoteVolume: sum((minute) => minute.takerBuyQuoteVolume),
    tradeCount: group.reduce((total, minute) => total + minute.tradeCount, 0),
    firstTradeId: traded[0]?.firstTradeId ?? -1,
    lastTradeId: traded.at(-1)?.lastTradeId ?? -1,
    complete: group.every((minute) => minute.closed) && bounds.closeTime <= finalThrough,
  };
}

/** The largest (direction 1) or smallest (-1) decimal, compared exactly. */
function extreme(values: readonly string[], direction: 1 | -1): string {
  return values.reduce((best, value) => ((toUnits(value) - toUnits(best)) * BigInt(direction) > 0n ? value : best));
}
