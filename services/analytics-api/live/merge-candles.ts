// Two views of the same series (the store and the live feed) merged: one
// candle per open time, at its highest version, ascending open time.
import { compareVersions, type LiveCandle } from './live-candle.js';

export function mergeCandles(base: readonly LiveCandle[], other: readonly LiveCandle[]): LiveCandle[] {
  const byOpenTime = new Map<number, LiveCandle>();
  for (const candle of base) byOpenTime.set(candle.openTime, candle);
  for (const candle of other) {
    const known = byOpenTime.get(candle.openTime);
    if (known === undefined || compareVersions(candle, known) > 0) byOpenTime.set(candle.openTime, candle);
  }
  return [...byOpenTime.values()].sort((a, b) => a.openTime - b.openTime);
}
