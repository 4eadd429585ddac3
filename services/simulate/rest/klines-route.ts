// GET /api/v3/klines (rest-api.md, "Kline/Candlestick data"): parameters
// checked as Binance does (interval case-sensitive, -1120 when unknown;
// timeZone as hours and minutes or hours only, -12:00..+14:00) and each
// candle as the documented 12-element array.
import { CandleError } from '../../../common/candles/errors.js';
import { isIntervalName, parseTimezone } from '../../../common/candles/intervals.js';
import { queryKlines } from '../klines/kline-query.js';
import type { SymbolHistory } from '../market/symbol-history.js';
import { apiErrors } from './api-error.js';
import type { QueryParams } from './params.js';

export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

// Binance's two documented forms: "-1:00", "05:45" and "0", "8"; the parser also reads "UTC", which Binance does not list.
const TIME_ZONE = /^[+-]?\d{1,2}(?::\d{2})?$/;

export function klines(history: SymbolHistory, params: QueryParams, now: number, timeFactor: 1 | 1000): KlineRow[] {
  const interval = params.required('interval');
  if (!isIntervalName(interval)) throw apiErrors.badInterval();
  const startTime = params.time('startTime');
  const endTime = params.time('endTime');
  const offsetMinutes = timeZone(params.optional('timeZone'));
  const limit = params.limit();
  const candles = queryKlines(history, { interval, offsetMinutes, startTime, endTime, limit, now });
  return candles.map((candle) => [
    candle.openTime * timeFactor,
    candle.open,
    candle.high,
    candle.low,
    candle.close,
    candle.volume,
    candle.closeTime * timeFactor,
    candle.quoteVolume,
    candle.tradeCount,
    candle.takerBuyVolume,
    candle.takerBuyQuoteVolume,
    '0',
  ]);
}

function timeZone(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!TIME_ZONE.test(text)) throw apiErrors.invalidValue('timeZone');
  try {
    return parseTimezone(text);
  } catch (error) {
    if (error instanceof CandleError) throw apiErrors.invalidValue('timeZone');
    throw error;
  }
}
