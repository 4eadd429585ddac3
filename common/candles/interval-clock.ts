// Bucket arithmetic for one interval at one time-zone offset: which candle
// a timestamp falls in, when that candle closes, and a consecutive index
// per candle (used to count how many candles back a late trade is).
// See intervals.ts for the alignment rules.
import { DAY_MS, WEEK_MS, checkTimezoneOffset, fixedLengthMs, parseInterval, type IntervalName } from './intervals.js';

export interface IntervalClock {
  readonly interval: IntervalName;
  readonly offsetMinutes: number;
  /** Open time (ms UTC) of the candle containing `timeMs`. */
  openTime(timeMs: number): number;
  /** Open time of the candle after the one opening at `openTime`. */
  nextOpenTime(openTime: number): number;
  /** Close time of the candle opening at `openTime`: the next open minus 1 ms. */
  closeTime(openTime: number): number;
  /** Consecutive integer numbering the candles: index(next) = index(this) + 1. */
  index(timeMs: number): number;
  /** Open time of the candle with this index. */
  openTimeOfIndex(index: number): number;
}

/** Intervals of fixed length: everything but 1M. Weeks are shifted to start on Monday. */
class FixedClock implements IntervalClock {
  private readonly shift: number;

  constructor(
    readonly interval: IntervalName,
    readonly offsetMinutes: number,
    private readonly length: number,
  ) {
    // Weeks start on Monday 1970-01-05, 4 days after the epoch (a Thursday).
    // Local time = UTC + offset, so the origin moves back by the offset.
    this.shift = (length === WEEK_MS ? 4 * DAY_MS : 0) - offsetMinutes * 60_000;
  }

  // The last candle looked up: trades and closes come in time order, so this usually hits.
  private cachedOpen = 0;
  private cachedNext = 0;

  openTime(timeMs: number): number {
    if (timeMs >= this.cachedOpen && timeMs < this.cachedNext) return this.cachedOpen;
    const open = this.openTimeOfIndex(this.index(timeMs));
    this.cachedOpen = open;
    this.cachedNext = open + this.length;
    return open;
  }

  nextOpenTime(openTime: number): number {
    return openTime + this.length;
  }

  closeTime(openTime: number): number {
    return openTime + this.length - 1;
  }

  index(timeMs: number): number {
    // Exact: both operands are integers below 2^53, so floor of the rounded
    // quotient is the true floor.
    return Math.floor((timeMs - this.shift) / this.length);
  }

  openTimeOfIndex(index: number): number {
    return index * this.length + this.shift;
  }
}

/** Calendar months, in local time. Index = year * 12 + month. */
class MonthClock implements IntervalClock {
  readonly interval = '1M' as const;
  private readonly offsetMs: number;
  // The last month looked up: trades arrive in time order, so this hits.
  private cachedOpen = 0;
  private cachedNext = 0;
  private cachedIndex = Number.NaN;

  constructor(readonly offsetMinutes: number) {
    this.offsetMs = offsetMinutes * 60_000;
  }

  openTime(timeMs: number): number {
    if (timeMs >= this.cachedOpen && timeMs < this.cachedNext) return this.cachedOpen;
    return this.openTimeOfIndex(this.index(timeMs));
  }

  nextOpenTime(openTime: number): number {
    return this.openTimeOfIndex(this.index(openTime) + 1);
  }

  closeTime(openTime: number): number {
    return this.nextOpenTime(openTime) - 1;
  }

  index(timeMs: number): number {
    if (timeMs >= this.cachedOpen && timeMs < this.cachedNext) return this.cachedIndex;
    const local = new Date(timeMs + this.offsetMs);
    const index = local.getUTCFullYear() * 12 + local.getUTCMonth();
    this.cachedIndex = index;
    this.cachedOpen = this.monthStart(index);
    this.cachedNext = this.monthStart(index + 1);
    return index;
  }

  openTimeOfIndex(index: number): number {
    return this.monthStart(index);
  }

  private monthStart(index: number): number {
    const year = Math.floor(index / 12);
    const date = new Date(0);
    // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
    date.setUTCFullYear(year, index - year * 12, 1);
    return date.getTime() - this.offsetMs;
  }
}

/** The clock of one interval at a fixed offset (minutes, -720..840). */
export function intervalClock(interval: IntervalName, offsetMinutes = 0): IntervalClock {
  parseInterval(interval);
  checkTimezoneOffset(offsetMinutes);
  const length = fixedLengthMs(interval);
  return length === undefined ? new MonthClock(offsetMinutes) : new FixedClock(interval, offsetMinutes, length);
}

/** Open time of the `interval` candle containing `timeMs`. */
export function bucketOpenTime(interval: IntervalName, timeMs: number, offsetMinutes = 0): number {
  return intervalClock(interval, offsetMinutes).openTime(timeMs);
}

/** Close time of the `interval` candle opening at `openTime` (open + length - 1 ms). */
export function bucketCloseTime(interval: IntervalName, openTime: number, offsetMinutes = 0): number {
  return intervalClock(interval, offsetMinutes).closeTime(openTime);
}

/**
 * The longest length that divides every interval's candles, aligned to the
 * epoch at the same offset: the engine's base bucket. Weeks and months count
 * as a day, since they start on a day boundary.
 */
export function commonBaseLengthMs(intervals: readonly IntervalName[]): number {
  let base = 0;
  for (const interval of intervals) {
    const length = interval === '1M' || interval === '1w' ? DAY_MS : (fixedLengthMs(interval) as number);
    base = base === 0 ? length : gcd(base, length);
  }
  return base;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
