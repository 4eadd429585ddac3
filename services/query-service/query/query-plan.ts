// A CandleQuery checked field by field and resolved: normalised symbols, the
// bucket width and its time-zone offset, the time range (end defaults to
// now), and the derived series to compute. Every problem is INVALID_ARGUMENT
// naming the field as the client wrote it; an unknown symbol is NOT_FOUND.
import { parseTimezone } from '../../../common/candles/intervals.js';
import { DerivedSeries, type CandleQuery } from '../../../common/gen/wick/v1/query_service_pb.js';
import {
  checkExchange, checkSymbol, checkTime, invalidField, quoteInput, requestFingerprint, type SeriesCatalog,
} from '../../../common/rpc/index.js';
import type { DerivedRequest } from '../derived/derived-series.js';
import type { QueryFieldNames } from './field-names.js';
import {
  DEFAULT_SCALE, MAX_BUCKET_COUNT, MAX_SCALE, MAX_SYMBOLS, MAX_VOLATILITY_WINDOW, MIN_VOLATILITY_WINDOW, type QueryLimits,
} from './limits.js';

export type BucketWidth =
  | { readonly unit: 'fixed'; readonly widthMs: number }
  | { readonly unit: 'months'; readonly months: number };

export interface QueryPlan {
  readonly exchange: string;
  readonly symbols: readonly string[];
  /** As requested, e.g. "7m". */
  readonly bucket: string;
  readonly width: BucketWidth;
  readonly timezoneOffsetMinutes: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly includeIncomplete: boolean;
  /** Requested series in request order (the CSV column order). */
  readonly derivedOrder: readonly DerivedSeries[];
  /** undefined when no series was requested. */
  readonly derived: DerivedRequest | undefined;
  /** Identifies the query for page tokens (with end_time as requested, not as resolved). */
  readonly fingerprint: string;
}

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const SERIES_NAMES = [DerivedSeries.VWAP, DerivedSeries.SIMPLE_RETURN, DerivedSeries.LOG_RETURN, DerivedSeries.REALIZED_VOLATILITY]
  .map((series) => `DERIVED_SERIES_${DerivedSeries[series]}`).join(', ');

export async function planQuery(
  query: CandleQuery | undefined,
  names: QueryFieldNames,
  context: { readonly limits: QueryLimits; readonly catalog: SeriesCatalog; readonly now: number },
): Promise<QueryPlan> {
  if (query === undefined) throw invalidField('query', 'is required');
  const exchange = checkExchange(names.exchange, query.exchange);
  const symbols = checkSymbols(query.symbols, exchange, names);
  const width = checkBucket(query.bucket, names.bucket);
  const timezoneOffsetMinutes = checkTimezone(query.timezone, names.timezone);
  const { startTime, endTime } = checkRange(query, names, context);
  const derivedOrder = checkDerived(query.derived, names);
  const derived = derivedRequest(derivedOrder, query, names);
  for (const symbol of symbols) await context.catalog.requireSeries(exchange, symbol, '1m');
  const fingerprint = requestFingerprint([
    exchange, symbols, query.bucket, timezoneOffsetMinutes, startTime, query.endTime === undefined ? null : endTime,
    query.includeIncomplete, derivedOrder, derived?.volatilityWindow ?? null, derived?.scale ?? null,
  ]);
  return {
    exchange, symbols, bucket: query.bucket, width, timezoneOffsetMinutes, startTime, endTime,
    includeIncomplete: query.includeIncomplete, derivedOrder, derived, fingerprint,
  };
}

function checkSymbols(values: readonly string[], exchange: string, names: QueryFieldNames): string[] {
  if (values.length === 0) throw invalidField(names.symbols, 'needs at least one symbol');
  if (values.length > MAX_SYMBOLS) throw invalidField(names.symbols, `has ${values.length} symbols, more than the maximum ${MAX_SYMBOLS}`);
  const symbols = values.map((value, index) => checkSymbol(`${names.symbols}[${index}]`, value, exchange));
  symbols.forEach((symbol, index) => {
    const first = symbols.indexOf(symbol);
    if (first !== index) throw invalidField(`${names.symbols}[${index}]`, `repeats ${names.symbols}[${first}] (${symbol})`);
  });
  return symbols;
}

function checkBucket(text: string, field: string): BucketWidth {
  const match = /^([1-9]\d{0,4})([mhdwM])$/.exec(text);
  const count = Number(match?.[1] ?? 0);
  if (match === null || count > MAX_BUCKET_COUNT) {
    throw invalidField(field, `${quoteInput(text)} is not a bucket width: a count 1..${MAX_BUCKET_COUNT} and a unit m, h, d, w or M (e.g. 7m, 2h, 1w, 3M)`);
  }
  const unit = match[2] as string;
  return unit === 'M' ? { unit: 'months', months: count } : { unit: 'fixed', widthMs: count * (UNIT_MS[unit] as number) };
}

function checkTimezone(text: string, field: string): number {
  if (text === '') return 0;
  try {
    return parseTimezone(text);
  } catch {
    throw invalidField(field, `${quoteInput(text)} is not a UTC offset from -12:00 to +14:00 (e.g. +08:00, -03:30, 5 or UTC)`);
  }
}

function checkRange(query: CandleQuery, names: QueryFieldNames, context: { readonly limits: QueryLimits; readonly now: number }) {
  // proto3 cannot tell 0 from unset; 1970-01-01 is never a meaningful start.
  if (query.startTime === 0n) throw invalidField(names.startTime, 'is required (milliseconds since the Unix epoch)');
  const startTime = checkTime(names.startTime, query.startTime) as number;
  const endTime = checkTime(names.endTime, query.endTime) ?? context.now;
  if (endTime < startTime) throw invalidField(names.endTime, `${endTime} is before ${names.startTime} ${startTime}`);
  const { maxRangeMs } = context.limits;
  if (endTime - startTime > maxRangeMs) {
    throw invalidField(names.endTime, `the range from ${names.startTime} spans ${days(endTime - startTime)} days, more than the limit of ${days(maxRangeMs)} days`);
  }
  return { startTime, endTime };
}

function days(ms: number): string {
  return (ms / 86_400_000).toFixed(ms % 86_400_000 === 0 ? 0 : 1);
}

function checkDerived(values: readonly DerivedSeries[], names: QueryFieldNames): DerivedSeries[] {
  values.forEach((value, index) => {
    if (value === DerivedSeries.UNSPECIFIED || DerivedSeries[value] === undefined) {
      throw invalidField(`${names.derived}[${index}]`, `${value} is not a derived series (${SERIES_NAMES})`);
    }
    const first = values.indexOf(value);
    if (first !== index) throw invalidField(`${names.derived}[${index}]`, `repeats ${names.derived}[${first}]`);
  });
  return [...values];
}

function derivedRequest(series: readonly DerivedSeries[], query: CandleQuery, names: QueryFieldNames): DerivedRequest | undefined {
  const volatility = series.includes(DerivedSeries.REALIZED_VOLATILITY);
  const window = query.volatilityWindow;
  if (volatility && (window < MIN_VOLATILITY_WINDOW || window > MAX_VOLATILITY_WINDOW)) {
    throw invalidField(names.volatilityWindow, `${window} is outside ${MIN_VOLATILITY_WINDOW}..${MAX_VOLATILITY_WINDOW} (required for realized volatility)`);
  }
  if (query.scale > MAX_SCALE) throw invalidField(names.scale, `${query.scale} is more than the maximum ${MAX_SCALE}`);
  if (series.length === 0) return undefined;
  return {
    vwap: series.includes(DerivedSeries.VWAP),
    simpleReturn: series.includes(DerivedSeries.SIMPLE_RETURN),
    logReturn: series.includes(DerivedSeries.LOG_RETURN),
    volatilityWindow: volatility ? window : undefined,
    scale: query.scale === 0 ? DEFAULT_SCALE : query.scale,
  };
}
