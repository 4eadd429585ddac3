// Rollup bucket widths and where buckets start, in a fixed UTC offset.
// Alignment (the same as the query API documents and Binance uses for its own
// intervals): minute, hour and day widths on multiples of the width from
// 1970-01-01 00:00 local time, so a width that divides a day starts at local
// midnight; weeks on Mondays 00:00 counted from 1970-01-05; months on calendar
// months counted from January 1970 (3M = quarters).
//
// The rollup SQL groups by the same arithmetic (sql/rollup.ts); this module
// validates the request and computes the scan bounds and page boundaries.
import {
  DAY_MS, HOUR_MS, MAX_TIMEZONE_OFFSET_MINUTES, MIN_TIMEZONE_OFFSET_MINUTES, MINUTE_MS, WEEK_MS,
} from '../candles/intervals.js';
import { StoreError } from './errors.js';

/** 1970-01-05, the first Monday after the epoch (a Thursday). */
const FIRST_MONDAY_MS = 4 * DAY_MS;
const UNIT_MS: Readonly<Record<string, number>> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS };
/** Enough for any sensible width (10000w is two centuries) while keeping every product exact. */
const MAX_COUNT = 10_000;

export type Bucket =
  | { readonly text: string; readonly kind: 'fixed'; readonly widthMs: number; readonly anchorMs: number }
  | { readonly text: string; readonly kind: 'months'; readonly months: number };

export function parseBucket(text: string): Bucket {
  const match = /^([1-9]\d{0,4})([mhdwM])$/.exec(text);
  const count = match ? Number(match[1]) : 0;
  const unit = match?.[2] ?? '';
  if (!match || count > MAX_COUNT) {
    throw new StoreError('INVALID_QUERY', `bucket ${JSON.stringify(text.slice(0, 20))} is not a count 1..${MAX_COUNT} and a unit m, h, d, w or M (e.g. 7m, 2h, 1w, 3M)`);
  }
  if (unit === 'M') return { text, kind: 'months', months: count };
  return { text, kind: 'fixed', widthMs: count * (UNIT_MS[unit] ?? 0), anchorMs: unit === 'w' ? FIRST_MONDAY_MS : 0 };
}

export function checkOffset(offsetMinutes: number): void {
  if (!Number.isInteger(offsetMinutes) || offsetMinutes < MIN_TIMEZONE_OFFSET_MINUTES || offsetMinutes > MAX_TIMEZONE_OFFSET_MINUTES) {
    throw new StoreError('INVALID_QUERY', `time zone offset ${offsetMinutes} minutes is outside -12:00..+14:00`);
  }
}

/** Open time (UTC ms) of the bucket containing `timeMs`. */
export function bucketOpen(bucket: Bucket, timeMs: number, offsetMinutes: number): number {
  const offsetMs = offsetMinutes * MINUTE_MS;
  if (bucket.kind === 'fixed') {
    const phase = mod(timeMs + offsetMs - bucket.anchorMs, bucket.widthMs);
    return timeMs - phase;
  }
  const local = new Date(timeMs + offsetMs);
  const monthIndex = (local.getUTCFullYear() - 1970) * 12 + local.getUTCMonth();
  const first = Math.floor(monthIndex / bucket.months) * bucket.months;
  return Date.UTC(1970, first, 1) - offsetMs;
}

/** Open time of the bucket after the one opening at `openMs`. */
export function nextBucketOpen(bucket: Bucket, openMs: number, offsetMinutes: number): number {
  if (bucket.kind === 'fixed') return openMs + bucket.widthMs;
  const offsetMs = offsetMinutes * MINUTE_MS;
  const local = new Date(openMs + offsetMs);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + bucket.months, 1) - offsetMs;
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
