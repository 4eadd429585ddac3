// The domain Candle the serde maps to and from wick.v1.Candle: the candle
// engine's own type (common/candles/candle.ts).
export type { Candle } from '../candles/candle.js';
