// Checks shared by the preprocessor's tests: wait until every symbol's last
// candle is final in the store, then compare the store and the candle topic
// with `wick candles` over the recording's span.
import type { Bus } from '../../../common/bus/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { ReferenceKlines } from './reference-klines.js';
import { CandleTopicReader, compareWithReference, storedCandles } from './results.js';

export async function waitForLastCandles(store: CandleStore, symbols: readonly string[], references: readonly ReferenceKlines[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing: string[] = [];
    for (const symbol of symbols) {
      for (const reference of references) {
        const page = await store.readRange({ exchange: 'binance', symbol, interval: reference.interval, startTime: reference.lastOpenTime, endTime: reference.lastOpenTime, limit: 1 });
        if (page.candles.length === 0) missing.push(`${symbol} ${reference.interval}`);
      }
    }
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the last candles of ${missing.slice(0, 6).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every difference from the reference, in the store and on the candle topic, one line each (a few per series). */
export async function differencesFromReference(
  store: CandleStore,
  bus: Bus,
  candlesTopic: string,
  readerGroup: string,
  symbols: readonly string[],
  references: readonly ReferenceKlines[],
  timeoutMs: number,
): Promise<string[]> {
  const reader = await CandleTopicReader.start(bus, candlesTopic, readerGroup);
  const differences: string[] = [];
  try {
    const deadline = Date.now() + timeoutMs;
    const complete = (): boolean =>
      symbols.every((symbol) => references.every((reference) => reader.latest.get(`${symbol}|${reference.interval}|${reference.lastOpenTime}`)?.closed === true));
    while (!complete()) {
      if (Date.now() > deadline) throw new Error('timed out reading the last candles back from the candle topic');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const symbol of symbols) {
      for (const reference of references) {
        const stored = compareWithReference(await storedCandles(store, symbol, reference.interval), reference);
        const topic = compareWithReference(reader.series(symbol, reference.interval), reference);
        differences.push(...stored.differences.slice(0, 3).map((line) => `store ${symbol} ${line}`));
        differences.push(...topic.differences.slice(0, 3).map((line) => `topic ${symbol} ${line}`));
        if (stored.extraTraded > 0) differences.push(`store ${symbol} ${reference.interval}: ${stored.extraTraded} candles with trades after the recording`);
        if (topic.extraTraded > 0) differences.push(`topic ${symbol} ${reference.interval}: ${topic.extraTraded} candles with trades after the recording`);
      }
    }
  } finally {
    await reader.stop();
  }
  return differences;
}
