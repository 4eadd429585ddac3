// Binance's 16 kline intervals as the serde validates them: the names and
// lengths are the candle engine's (common/candles/intervals.ts, the
// authority); what the serde adds is every length a candle of an interval
// may span, so a close time can be checked against its open time.
import { DAY_MS, fixedLengthMs, INTERVALS, isIntervalName, type IntervalName } from '../candles/intervals.js';

export { isIntervalName, type IntervalName };

/** All 16, in Binance's order. */
export const INTERVAL_NAMES: readonly IntervalName[] = INTERVALS;

const MONTH_LENGTHS_MS: readonly number[] = [28 * DAY_MS, 29 * DAY_MS, 30 * DAY_MS, 31 * DAY_MS];
/** Built once: candle validation asks for every candle. */
const POSSIBLE_LENGTHS_MS: ReadonlyMap<IntervalName, readonly number[]> = new Map(
  INTERVALS.map((interval) => {
    const fixed = fixedLengthMs(interval);
    return [interval, fixed === undefined ? MONTH_LENGTHS_MS : [fixed]];
  }),
);

/**
 * The lengths in ms an interval can have: one for fixed intervals, 28 to 31
 * days for 1M. A fixed UTC offset shifts where an interval starts, never how
 * long it is.
 */
export function possibleLengthsMs(interval: IntervalName): readonly number[] {
  return POSSIBLE_LENGTHS_MS.get(interval) as readonly number[];
}
