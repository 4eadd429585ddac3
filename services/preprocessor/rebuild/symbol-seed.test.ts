// The rebuild's core promise, without Kafka or a database: an engine that
// crashed at any moment left its finals in the store; an engine seeded from
// those finals, then fed the trades again (all of them, as when Kafka's
// timestamps cannot narrow the replay), ends with exactly the candles of an
// engine that never stopped: the XRPETH recording, for several interval sets.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../common/candles/candle.js';
import { CandleEngine } from '../../../common/candles/engine.js';
import { intervalClock } from '../../../common/candles/interval-clock.js';
import { INTERVALS, type IntervalName } from '../../../common/candles/intervals.js';
import type { Trade } from '../../../common/candles/trade.js';
import { createSnapshotEngine } from '../engine-port/candle-engine-factory.js';
import { loadTrades } from '../testing/replay.js';
import { XRPETH_FILE } from '../testing/scenario.js';
import type { ClosedCandles, SeriesOf } from './stored-candles.js';
import { seedSymbol } from './symbol-seed.js';

const GRACE = 2_000;
const WINDOW = 10;
let trades: Trade[];

beforeAll(async () => {
  trades = await loadTrades(XRPETH_FILE);
}, 30_000);

/** What the candle store holds: the newest version of each closed candle. */
class FakeStore implements ClosedCandles {
  readonly candles = new Map<string, Candle>();

  put(candle: Candle): void {
    if (!candle.closed) return;
    const key = `${candle.interval}|${candle.openTime}`;
    const held = this.candles.get(key);
    if (held === undefined || candle.revision > held.revision) this.candles.set(key, candle);
  }

  async closedBetween(_series: SeriesOf, interval: IntervalName, from: number, to: number): Promise<Candle[]> {
    return this.of(interval).filter((candle) => candle.openTime >= from && candle.openTime <= to);
  }

  async latestClosed(_series: SeriesOf, interval: IntervalName, through: number | undefined, limit: number): Promise<Candle[]> {
    return this.of(interval).filter((candle) => through === undefined || candle.openTime <= through).slice(-limit);
  }

  private of(interval: IntervalName): Candle[] {
    return [...this.candles.values()].filter((candle) => candle.interval === interval).sort((a, b) => a.openTime - b.openTime);
  }
}

/** Final candles of an uninterrupted run over every trade, closed at the end. */
function reference(intervals: readonly IntervalName[]): Map<string, Candle> {
  const store = new FakeStore();
  const engine = new CandleEngine({ exchange: 'binance', intervals, graceMs: GRACE, revisionWindow: WINDOW, emitPartials: false, onCandle: (c) => store.put(c) });
  let watermark = Number.NEGATIVE_INFINITY;
  for (const trade of trades) {
    watermark = Math.max(watermark, trade.time);
    engine.add(trade, watermark);
  }
  engine.finish();
  return store.candles;
}

/** all: replay every trade again (Kafka timestamps could not narrow it); fromReplayTime: only from the first trade at or after replayFrom. */
type Replay = 'all' | 'fromReplayTime';

async function crashAndRebuild(intervals: readonly IntervalName[], crashAt: number, replay: Replay): Promise<{ store: FakeStore; problems: readonly string[] }> {
  const store = new FakeStore();
  const first = new CandleEngine({ exchange: 'binance', intervals, graceMs: GRACE, revisionWindow: WINDOW, onCandle: (c) => store.put(c) });
  let watermark = Number.NEGATIVE_INFINITY;
  for (const trade of trades.slice(0, crashAt)) {
    watermark = Math.max(watermark, trade.time);
    first.add(trade, watermark);
  }
  const seed = await seedSymbol(store, { exchange: 'binance', symbol: 'XRPETH', firstOpenTime: trades[0]!.time }, 0, { intervals, timezoneOffsetMinutes: 0, revisionWindow: WINDOW, graceMs: GRACE });
  const second = createSnapshotEngine({ exchange: 'binance', intervals, graceMs: GRACE, revisionWindow: WINDOW, onCandle: (c) => store.put(c) });
  second.restore(seed.snapshot === undefined ? [] : [seed.snapshot], undefined);
  let clock = seed.watermarkAtLeast;
  // Trades before replayFrom are duplicates of what the store holds, or not replayed at all.
  const start = replay === 'all' ? 0 : trades.findIndex((trade) => trade.time >= seed.replayFrom);
  for (const trade of trades.slice(start < 0 ? trades.length : start)) {
    clock = Math.max(clock, trade.time);
    second.add(trade, clock);
  }
  // Time moves past the last candle of the longest interval, closing everything the reference closed at its end.
  const longest = intervalClock(intervals[intervals.length - 1]!, 0);
  second.advance(longest.closeTime(longest.openTime(clock)) + GRACE + 1);
  return { store, problems: seed.problems };
}

const SETS: Array<readonly IntervalName[]> = [
  ['1m', '5m', '15m', '1h', '4h', '1d'],
  ['1m', '3m', '5m', '30m', '1d', '1w', '1M'],
  ['3m', '5m', '1h'],
];

describe('seedSymbol', () => {
  for (const intervals of SETS) {
    it(`rebuilds state that, with the trades replayed, gives the uninterrupted candles (${intervals.join(',')})`, async () => {
      const expected = reference(intervals);
      for (const [fraction, replay] of [0.01, 0.27, 0.5, 0.73, 0.99].flatMap((f) => [[f, 'all'], [f, 'fromReplayTime']] as const)) {
        const { store, problems } = await crashAndRebuild(INTERVALS.filter((i) => intervals.includes(i)), Math.floor(trades.length * fraction), replay);
        expect(problems).toEqual([]);
        const mismatches = [...expected].filter(([key, candle]) => {
          const actual = store.candles.get(key);
          return actual === undefined || JSON.stringify({ ...actual, revision: 0 }) !== JSON.stringify({ ...candle, revision: 0 });
        });
        expect(mismatches.slice(0, 3), `crash at ${fraction}, replaying ${replay}`).toEqual([]);
      }
    }, 60_000);
  }
});
