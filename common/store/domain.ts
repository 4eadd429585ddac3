// The candle engine's domain types the store persists, re-exported from
// common/candles (the authority) so the store's modules import them from
// one place.
export type { Candle } from '../candles/candle.js';
export { INTERVALS, type IntervalName } from '../candles/intervals.js';
