// LiveCandles for unit tests of the hub, the seam and the queues.
import { LiveCandle } from '../live/live-candle.js';
import { testCandle, type UpdateSpec } from './candle-updates.js';

export const T0 = 1_700_000_040_000;
export const MINUTE = 60_000;

/** The update of minute `minute` after T0 (BTCUSDT 1m unless overridden). */
export function live(minute: number, tradeCount: number, closed: boolean, overrides: Partial<UpdateSpec> = {}): LiveCandle {
  return LiveCandle.fromStore(testCandle({ symbol: 'BTCUSDT', openTime: T0 + minute * MINUTE, tradeCount, closed, ...overrides }), 0);
}

/** [minute, closed ? 'F' : 'P', revision or trade count] of each candle, for readable assertions. */
export function describeCandles(candles: readonly LiveCandle[]): string[] {
  return candles.map((candle) => `${(candle.openTime - T0) / MINUTE}${candle.closed ? `F${candle.revision}` : `P${candle.tradeCount}`}`);
}
