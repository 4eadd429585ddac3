// Binance's 16 kline intervals and where their candles start.
//
// Alignment, as Binance does it (see README.md for the sources):
// - seconds, minutes, hours, 1d and 3d are multiples of their length since
//   the Unix epoch, so 3d candles start on days divisible by 3 since
//   1970-01-01 (floor(t / 3d) * 3d);
// - 1w starts on Monday 00:00 (the epoch was a Thursday, so weeks are
//   aligned to 1970-01-05);
// - 1M is the calendar month.
// With a time-zone offset the boundaries are local ("the 1d candle opens at
// the start of the UTC+8 day") while every timestamp stays UTC: the bucket
// is computed on t + offset and shifted back. Offsets are whole minutes, so
// they never move a 1s or 1m boundary.
import { CandleError } from './errors.js';

export type IntervalName =
  | '1s' | '1m' | '3m' | '5m' | '15m' | '30m'
  | '1h' | '2h' | '4h' | '6h' | '8h' | '12h'
  | '1d' | '3d' | '1w' | '1M';

/** All 16, in Binance's order. */
export const INTERVALS: readonly IntervalName[] = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M',
];

/** The intervals the engine keeps when none are configured. */
export const DEFAULT_INTERVALS: readonly IntervalName[] = ['1m', '5m', '15m', '1h', '4h', '1d'];

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

const LENGTH_MS: Readonly<Record<Exclude<IntervalName, '1M'>, number>> = {
  '1s': SECOND_MS, '1m': MINUTE_MS, '3m': 3 * MINUTE_MS, '5m': 5 * MINUTE_MS, '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS, '1h': HOUR_MS, '2h': 2 * HOUR_MS, '4h': 4 * HOUR_MS, '6h': 6 * HOUR_MS,
  '8h': 8 * HOUR_MS, '12h': 12 * HOUR_MS, '1d': DAY_MS, '3d': 3 * DAY_MS, '1w': WEEK_MS,
};

/** Binance's timeZone range, in minutes: -12:00 to +14:00 inclusive. */
export const MIN_TIMEZONE_OFFSET_MINUTES = -12 * 60;
export const MAX_TIMEZONE_OFFSET_MINUTES = 14 * 60;

export function isIntervalName(text: string): text is IntervalName {
  return text === '1M' || Object.hasOwn(LENGTH_MS, text);
}

/** Parses an interval name exactly as Binance spells it (case-sensitive: 1m is a minute, 1M a month). */
export function parseInterval(text: string): IntervalName {
  if (isIntervalName(text)) return text;
  throw new CandleError('invalid-interval', `unknown interval ${JSON.stringify(text)}: expected one of ${INTERVALS.join(' ')}`);
}

/** Length in ms of every interval but 1M, whose months vary; undefined for 1M. */
export function fixedLengthMs(interval: IntervalName): number | undefined {
  return interval === '1M' ? undefined : LENGTH_MS[interval];
}

const TIMEZONE = /^([+-])?(\d{1,2})(?::(\d{2}))?$/;

/**
 * Parses a fixed UTC offset the way Binance's timeZone parameter takes it:
 * hours and minutes ("+08:00", "-1:00", "05:45") or hours only ("8", "0"),
 * plus "UTC"/"Z" for zero. Returns minutes; the range is -12:00..+14:00
 * inclusive.
 */
export function parseTimezone(text: string): number {
  const trimmed = text.trim();
  if (/^(utc|z)$/i.test(trimmed)) return 0;
  const match = TIMEZONE.exec(trimmed);
  const minutesPart = match?.[3] === undefined ? 0 : Number(match[3]);
  if (!match || minutesPart > 59) {
    throw new CandleError('invalid-timezone', `bad time zone ${JSON.stringify(text)}: expected an offset like +08:00, -3:30, 8 or UTC`);
  }
  const minutes = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + minutesPart);
  if (minutes < MIN_TIMEZONE_OFFSET_MINUTES || minutes > MAX_TIMEZONE_OFFSET_MINUTES) {
    throw new CandleError('invalid-timezone', `time zone ${JSON.stringify(text)} is outside Binance's range -12:00 to +14:00`);
  }
  return minutes;
}

/** Checks an offset given in minutes (e.g. from configuration) against the same rule. */
export function checkTimezoneOffset(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < MIN_TIMEZONE_OFFSET_MINUTES || minutes > MAX_TIMEZONE_OFFSET_MINUTES) {
    throw new CandleError('invalid-timezone', `time-zone offset ${minutes} minutes is outside Binance's range -720..840`);
  }
  return minutes;
}

/** "+08:00", "-03:30", "+00:00". */
export function formatTimezone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * Whether candles of `target` can be built exactly from candles of
 * `source`: every target boundary must also be a source boundary.
 */
export function canRollUp(source: IntervalName, target: IntervalName): boolean {
  if (source === target) return true;
  if (source === '1M' || source === '1w') return false;
  const sourceLength = LENGTH_MS[source];
  // Weeks start on a Monday and months on the 1st: any day boundary, so the
  // source must divide a day.
  if (target === '1M' || target === '1w') return DAY_MS % sourceLength === 0;
  return LENGTH_MS[target] % sourceLength === 0;
}
