// Binance's 16 kline intervals as the serde validates them. The candle
// engine's common/candles/intervals.ts is the authority on intervals; this
// list is the serde's own until that module exists, then it should import it.

export type IntervalName =
  | '1s' | '1m' | '3m' | '5m' | '15m' | '30m'
  | '1h' | '2h' | '4h' | '6h' | '8h' | '12h'
  | '1d' | '3d' | '1w' | '1M';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Length in ms of every interval but 1M, whose calendar months vary. */
const FIXED_LENGTH_MS: Readonly<Record<Exclude<IntervalName, '1M'>, number>> = {
  '1s': SECOND, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': HOUR, '2h': 2 * HOUR, '4h': 4 * HOUR, '6h': 6 * HOUR, '8h': 8 * HOUR, '12h': 12 * HOUR,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY,
};

/** All 16, in Binance's order. */
export const INTERVAL_NAMES: readonly IntervalName[] = [...Object.keys(FIXED_LENGTH_MS), '1M'] as IntervalName[];

export function isIntervalName(text: string): text is IntervalName {
  return text === '1M' || Object.hasOwn(FIXED_LENGTH_MS, text);
}

/**
 * The lengths in ms an interval can have: one for fixed intervals, 28 to 31
 * days for 1M. A fixed UTC offset shifts where an interval starts, never how
 * long it is.
 */
export function possibleLengthsMs(interval: IntervalName): readonly number[] {
  if (interval === '1M') return [28 * DAY, 29 * DAY, 30 * DAY, 31 * DAY];
  return [FIXED_LENGTH_MS[interval]];
}
