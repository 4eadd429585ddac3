import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../common/candles/candle.js';
import type { CandleEngineOptions } from '../../../common/candles/engine.js';
import type { Trade } from '../../../common/candles/trade.js';
import type { SnapshotEngine } from '../engine-port/snapshot-engine.js';
import { SNAPSHOT_VERSION } from '../engine-port/symbol-snapshot.js';
import { delivered, trade, tradeMessage } from '../testing/trades.js';
import { IncompatibleStateError, PartitionEngines, type EngineSettings } from './partition-engines.js';
import type { DecodedTrade } from './trade-decoder.js';

const SETTINGS: EngineSettings = { intervals: ['5m', '1m'], timezoneOffsetMinutes: 0, graceMs: 500, partialThrottleMs: 250, revisionWindow: 10 };

function candle(overrides: Partial<Candle> & Pick<Candle, 'openTime' | 'tradeCount'>): Candle {
  return {
    exchange: 'binance', symbol: 'BTCUSDT', interval: '1m', closeTime: overrides.openTime + 59_999,
    open: '1', high: '1', low: '1', close: '1', volume: '1', quoteVolume: '1', takerBuyVolume: '0', takerBuyQuoteVolume: '0',
    firstTradeId: 1, lastTradeId: overrides.tradeCount, closed: false, revision: 0, ...overrides,
  };
}

/** An engine that emits, for the n-th trade it is given, the candles the test scripted for it. */
function scriptedEngines(script: Candle[][]): { factory: (options: CandleEngineOptions) => SnapshotEngine; options: CandleEngineOptions[] } {
  const options: CandleEngineOptions[] = [];
  let next = 0;
  const factory = (given: CandleEngineOptions): SnapshotEngine => {
    options.push(given);
    return {
      add: () => {
        for (const each of script[next++] ?? []) given.onCandle(each);
      },
      advance: () => undefined,
      nextDueMs: () => Infinity,
      symbols: () => [],
      snapshotSymbol: () => undefined,
      snapshotMeta: () => ({ version: SNAPSHOT_VERSION, pending: [] }),
      restore: () => undefined,
    };
  };
  return { factory, options };
}

const decoded = (value: Trade, offset: bigint): DecodedTrade => ({ exchange: 'binance', trade: value, message: delivered(tradeMessage(value), offset) });

describe('PartitionEngines', () => {
  it('keeps the newest partial of each candle of a batch where the first stood, drops one its final follows, and keeps every final', () => {
    const p1 = candle({ openTime: 0, tradeCount: 1 });
    const q1 = candle({ openTime: 0, tradeCount: 1, interval: '5m', closeTime: 299_999 });
    const p2 = candle({ openTime: 0, tradeCount: 2 });
    const other = candle({ openTime: 0, tradeCount: 1, symbol: 'ETHUSDT' });
    const p3 = candle({ openTime: 0, tradeCount: 3 });
    const final = candle({ openTime: 0, tradeCount: 3, closed: true });
    const next = candle({ openTime: 60_000, tradeCount: 1 });
    const revision = candle({ openTime: 0, tradeCount: 4, closed: true, revision: 1 });
    const { factory } = scriptedEngines([[p1, q1], [p2, other], [p3, final, next], [revision]]);
    const engines = new PartitionEngines(SETTINGS, factory, () => undefined);
    const trades = [1, 2, 3, 4].map((n) => decoded(trade({ aggregateId: n, time: n }), BigInt(n)));
    expect(engines.apply(trades).candles).toEqual([q1, other, final, next, revision]);
    // The next batch starts afresh.
    const { factory: second } = scriptedEngines([[p1], [p2]]);
    const again = new PartitionEngines(SETTINGS, second, () => undefined);
    expect(again.apply(trades.slice(0, 1)).candles).toEqual([p1]);
    expect(again.apply(trades.slice(1, 2)).candles).toEqual([p2]);
  });

  it('gives every trade the watermark of its arrival and creates one engine per exchange', () => {
    const seen: Array<[string, number]> = [];
    const options: CandleEngineOptions[] = [];
    const factory = (given: CandleEngineOptions): SnapshotEngine => {
      options.push(given);
      return {
        add: (value, now) => void seen.push([`${given.exchange}:${value.time}`, now]),
        advance: () => undefined,
        nextDueMs: () => Infinity,
        symbols: () => [],
        snapshotSymbol: () => undefined,
        snapshotMeta: () => ({ version: SNAPSHOT_VERSION, pending: [] }),
        restore: () => undefined,
      };
    };
    const engines = new PartitionEngines(SETTINGS, factory, () => undefined);
    const at = (time: number, exchange: string): DecodedTrade => ({ ...decoded(trade({ aggregateId: time, time }), 0n), exchange });
    engines.apply([at(100, 'binance'), at(90, 'binance'), at(120, 'bybit'), at(110, 'binance')]);
    expect(seen).toEqual([['binance:100', 100], ['binance:90', 100], ['bybit:120', 120], ['binance:110', 120]]);
    expect(options.map((o) => o.exchange)).toEqual(['binance', 'bybit']);
    expect(engines.watermarkMs).toBe(120);
    expect(engines.advanceTo(100)).toEqual([]);
    expect(engines.watermarkMs).toBe(120);
  });

  it('refuses state written with other intervals, time zone or revision window', () => {
    const { factory } = scriptedEngines([]);
    const written = new PartitionEngines(SETTINGS, factory, () => undefined).snapshot('full');
    expect(() => new PartitionEngines({ ...SETTINGS, intervals: ['1m', '5m'] }, factory, () => undefined).restore(written.entries, written.meta)).not.toThrow();
    for (const other of [{ intervals: ['1m'] as const }, { timezoneOffsetMinutes: 60 }, { revisionWindow: 3 }]) {
      const engines = new PartitionEngines({ ...SETTINGS, ...other }, factory, () => undefined);
      expect(() => engines.restore(written.entries, written.meta)).toThrow(IncompatibleStateError);
    }
    expect(() => new PartitionEngines(SETTINGS, factory, () => undefined).restore(new Map(), '{"version":0}')).toThrow(IncompatibleStateError);
  });
});
