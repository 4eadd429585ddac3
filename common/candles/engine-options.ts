// The candle engine's options. Each edge case of building candles is an
// option of its own with a default that matches Binance, and its own test.
import type { Candle } from './candle.js';
import { CandleError } from './errors.js';
import { DEFAULT_INTERVALS, INTERVALS, checkTimezoneOffset, parseInterval, type IntervalName } from './intervals.js';
import type { Trade } from './trade.js';

export interface CandleEngineOptions {
  readonly exchange: string;
  readonly intervals: readonly IntervalName[];
  /** Fixed UTC offset for candle boundaries, -720..840 minutes. Default 0 (UTC). */
  readonly timezoneOffsetMinutes?: number;
  /** A candle closes once the clock passes closeTime + graceMs. Default 500. */
  readonly graceMs?: number;
  /** Partial updates per symbol and interval at most this often (clock ms). Default 250. */
  readonly partialThrottleMs?: number;
  /** Emit partial (closed: false) updates. Default true; the offline tool sets false. */
  readonly emitPartials?: boolean;
  /** An interval without trades yields a flat candle at the previous close. Default true. */
  readonly fillEmptyIntervals?: boolean;
  /** A trade id seen before is counted once. Default true. */
  readonly dedupe?: boolean;
  /** A trade for a closed candle re-issues it as a new revision. Default true; false reports it as too late. */
  readonly reviseLateTrades?: boolean;
  /**
   * How many of the latest closed candles per symbol and interval a late
   * trade can still revise (counted in intervals back from the newest closed
   * one). Older ones are reported as too late. Default 10, minimum 1.
   */
  readonly revisionWindow?: number;
  /** Minimum fraction digits of every decimal string (e.g. 8 for spot input written without trailing zeros). Default 0. */
  readonly minimumScale?: number;
  readonly onCandle: (candle: Candle) => void;
  /** Every trade not counted (or not counted in some interval), with the reason. Counted in `stats` as well. */
  readonly onDiscard?: (discard: DiscardedTrade) => void;
}

export type DiscardReason =
  /** Every trade id was counted before. */
  | 'duplicate'
  /** Some but not all of its trade ids were counted before: cannot be counted exactly. */
  | 'overlap'
  /** Its candle closed longer ago than the revision window (or revisions are off). */
  | 'too-late'
  /** Malformed: bad price, quantity, ids or time. */
  | 'invalid';

export interface DiscardedTrade {
  readonly reason: DiscardReason;
  readonly trade: Trade;
  /** For 'too-late': the interval whose candle could not take it (other intervals may have). */
  readonly interval?: IntervalName;
  readonly message: string;
}

export interface ResolvedOptions {
  readonly exchange: string;
  readonly intervals: readonly IntervalName[];
  readonly timezoneOffsetMinutes: number;
  readonly graceMs: number;
  readonly partialThrottleMs: number;
  readonly emitPartials: boolean;
  readonly fillEmptyIntervals: boolean;
  readonly dedupe: boolean;
  readonly reviseLateTrades: boolean;
  readonly revisionWindow: number;
  readonly minimumScale: number;
  readonly onCandle: (candle: Candle) => void;
  readonly onDiscard: ((discard: DiscardedTrade) => void) | undefined;
}

export const DEFAULT_GRACE_MS = 500;
export const DEFAULT_PARTIAL_THROTTLE_MS = 250;
export const DEFAULT_REVISION_WINDOW = 10;

export function resolveOptions(options: CandleEngineOptions): ResolvedOptions {
  const intervals = options.intervals;
  if (intervals.length === 0) invalid(`intervals must list at least one interval, e.g. ${DEFAULT_INTERVALS.join(',')}`);
  for (const interval of intervals) parseInterval(interval);
  if (new Set(intervals).size !== intervals.length) invalid(`intervals ${intervals.join(',')} list one twice`);
  return {
    exchange: options.exchange,
    // Binance's order, so finals of one trade batch come out smallest interval first.
    intervals: INTERVALS.filter((interval) => intervals.includes(interval)),
    timezoneOffsetMinutes: checkTimezoneOffset(options.timezoneOffsetMinutes ?? 0),
    graceMs: nonNegative('graceMs', options.graceMs ?? DEFAULT_GRACE_MS),
    partialThrottleMs: nonNegative('partialThrottleMs', options.partialThrottleMs ?? DEFAULT_PARTIAL_THROTTLE_MS),
    emitPartials: options.emitPartials ?? true,
    fillEmptyIntervals: options.fillEmptyIntervals ?? true,
    dedupe: options.dedupe ?? true,
    reviseLateTrades: options.reviseLateTrades ?? true,
    revisionWindow: atLeast('revisionWindow', options.revisionWindow ?? DEFAULT_REVISION_WINDOW, 1),
    minimumScale: inRange('minimumScale', options.minimumScale ?? 0, 0, 16),
    onCandle: options.onCandle,
    onDiscard: options.onDiscard,
  };
}

function nonNegative(name: string, value: number): number {
  return atLeast(name, value, 0);
}

function atLeast(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) invalid(`${name} must be an integer >= ${minimum}, got ${value}`);
  return value;
}

function inRange(name: string, value: number, minimum: number, maximum: number): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) invalid(`${name} must be an integer in ${minimum}..${maximum}, got ${value}`);
  return value;
}

function invalid(message: string): never {
  throw new CandleError('invalid-option', message);
}
