// Property tests: for generated trades, the engine's final candles (the
// latest revision of each) equal a deliberately simple reference written
// with decimal.js (testing/reference.ts), however the trades arrive.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Candle } from './candle.js';
import { CandleEngine, type CandleEngineOptions } from './engine.js';
import type { IntervalName } from './intervals.js';
import { differences, referenceCandles } from './testing/reference.js';
import { eightDecimals } from '../decimal/testing/arbitraries.js';
import type { Trade } from './trade.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Calendar edges the generated times cluster around: month ends (29 February included), Mondays, year ends. */
const CALENDAR_ANCHORS = ['2024-02-29T23:59:59.999Z', '2024-03-01T00:00:00Z', '2024-02-26T00:00:00Z', '2023-12-31T23:59:59.999Z', '2024-01-01T00:00:00Z'].map(Date.parse);
/** Within one hour, so 1s candles stay few. */
const INTRADAY_ANCHORS = ['2024-02-29T23:59:59.999Z', '2024-03-01T00:00:00Z', '2024-03-01T00:15:00Z'].map(Date.parse);
const CALENDAR_INTERVALS: IntervalName[] = ['1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'];
const INTRADAY_INTERVALS: IntervalName[] = ['1s', '1m', '3m', '5m', '15m', '30m', '1h'];

interface Scenario {
  readonly intervals: IntervalName[];
  readonly offsetMinutes: number;
  readonly trades: Trade[];
}

/** Times near an anchor: exactly on it (in local time), 1 ms before, or spread over `spreadMs`. */
function times(anchors: readonly number[], spreadMs: number, offsetMinutes: number): fc.Arbitrary<number[]> {
  const time = fc.tuple(fc.constantFrom(...anchors), fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(1), fc.integer({ min: -spreadMs, max: spreadMs })))
    .map(([anchor, delta]) => anchor - offsetMinutes * MINUTE + delta);
  return fc.array(time, { minLength: 1, maxLength: 40 }).map((list) => list.sort((a, b) => a - b));
}

function scenario(kind: 'calendar' | 'intraday'): fc.Arbitrary<Scenario> {
  const intervals = kind === 'calendar' ? CALENDAR_INTERVALS : INTRADAY_INTERVALS;
  return fc
    .record({
      intervals: fc.subarray(intervals, { minLength: 1 }),
      offsetMinutes: fc.oneof(fc.constant(0), fc.constantFrom(480, -210, 345, 840, -720), fc.integer({ min: -720, max: 840 })),
    })
    .chain(({ intervals: chosen, offsetMinutes }) =>
      fc
        .record({
          times: times(kind === 'calendar' ? CALENDAR_ANCHORS : INTRADAY_ANCHORS, kind === 'calendar' ? 20 * DAY : 5 * MINUTE, offsetMinutes),
          prices: fc.array(eightDecimals(10n ** 13n), { minLength: 40, maxLength: 40 }),
          // Up to 10^13 coins: far beyond 2^53 in units of 10^-8.
          quantities: fc.array(eightDecimals(10n ** 21n), { minLength: 40, maxLength: 40 }),
          sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
          makers: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        })
        .map(({ times: list, prices, quantities, sizes, makers }) => {
          let id = 1_000;
          const trades = list.map((time, i): Trade => {
            const first = id;
            id += sizes[i] as number;
            return { symbol: 'TESTUSDT', aggregateId: i, price: prices[i] as string, quantity: quantities[i] as string, firstTradeId: first, lastTradeId: id - 1, time, buyerIsMaker: makers[i] as boolean };
          });
          return { intervals: chosen, offsetMinutes, trades };
        }),
    );
}

interface Run {
  readonly finals: Candle[];
  readonly engine: CandleEngine;
}

/** Feeds trades in the given arrival order, the clock being the latest trade time seen (a watermark). */
function run(s: Scenario, arrivals: readonly Trade[], options: Partial<CandleEngineOptions> = {}): Run {
  const finals: Candle[] = [];
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: s.intervals,
    timezoneOffsetMinutes: s.offsetMinutes,
    emitPartials: false,
    revisionWindow: 100_000,
    ...options,
    onCandle: (candle) => {
      if (candle.closed) finals.push(candle);
    },
  });
  let clock = -Infinity;
  for (const trade of arrivals) {
    clock = Math.max(clock, trade.time);
    engine.add(trade, clock);
  }
  engine.finish();
  return { finals, engine };
}

/** The latest revision of each candle, checking revisions count up 0, 1, 2... per candle. */
function latestRevisions(finals: readonly Candle[], interval: IntervalName): Candle[] {
  const latest = new Map<number, Candle>();
  for (const candle of finals.filter((c) => c.interval === interval)) {
    const before = latest.get(candle.openTime);
    expect(candle.revision).toBe(before === undefined ? 0 : before.revision + 1);
    latest.set(candle.openTime, candle);
  }
  return [...latest.values()].sort((a, b) => a.openTime - b.openTime);
}

function expectMatchesReference(s: Scenario, finals: readonly Candle[]): void {
  for (const interval of s.intervals) {
    const expected = referenceCandles(s.trades, interval, s.offsetMinutes);
    const actual = latestRevisions(finals, interval);
    expect(actual.map((c) => c.openTime), interval).toEqual(expected.map((c) => c.openTime));
    for (const [i, candle] of actual.entries()) {
      expect(differences(candle, expected[i] as (typeof expected)[number]), `${interval} ${new Date(candle.openTime).toISOString()}`).toEqual([]);
    }
  }
}

function expectInOrderWithoutRevisions(finals: readonly Candle[]): void {
  expect(finals.every((c) => c.revision === 0)).toBe(true);
  const byInterval = new Map<string, number>();
  for (const candle of finals) {
    expect(candle.openTime).toBeGreaterThan(byInterval.get(candle.interval) ?? -Infinity);
    byInterval.set(candle.interval, candle.openTime);
  }
}

/** Arrival order when each trade is held back by its delay (stable for equal arrival times). */
function delayed(trades: readonly Trade[], delays: readonly number[]): Trade[] {
  return trades.map((trade, i) => ({ trade, at: trade.time + (delays[i] ?? 0), i })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.trade);
}

const delays = (max: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max }), { minLength: 40, maxLength: 40 });

describe('engine finals equal the decimal.js reference', () => {
  for (const kind of ['calendar', 'intraday'] as const) {
    describe(`${kind} intervals`, () => {
      it('in order: on and 1 ms before boundaries, long gaps, offsets, 8-decimal prices, volumes past 2^53 units', () => {
        fc.assert(
          fc.property(scenario(kind), (s) => {
            const { finals } = run(s, s.trades, { graceMs: 0 });
            expectInOrderWithoutRevisions(finals);
            expectMatchesReference(s, finals);
          }),
          { numRuns: kind === 'calendar' ? 20 : 40 },
        );
      });

      it('out of order within the grace period: the same finals, no revision', () => {
        fc.assert(
          fc.property(scenario(kind), fc.integer({ min: 0, max: 2_000 }).chain((grace) => fc.tuple(fc.constant(grace), delays(grace))), (s, [grace, late]) => {
            const { finals } = run(s, delayed(s.trades, late), { graceMs: grace });
            expectInOrderWithoutRevisions(finals);
            expectMatchesReference(s, finals);
          }),
          { numRuns: kind === 'calendar' ? 20 : 40 },
        );
      });

      it('duplicates (within grace) count once', () => {
        fc.assert(
          fc.property(scenario(kind), fc.array(fc.nat(39), { maxLength: 20 }), delays(500), (s, copies, late) => {
            const withCopies = [...s.trades, ...copies.filter((i) => i < s.trades.length).map((i) => s.trades[i] as Trade)];
            const { finals, engine } = run(s, delayed(withCopies, [...late, ...late]), { graceMs: 500 });
            expectMatchesReference(s, finals);
            expect(engine.stats.duplicates).toBe(withCopies.length - s.trades.length);
            expect(engine.stats.trades).toBe(s.trades.length);
          }),
          { numRuns: kind === 'calendar' ? 20 : 40 },
        );
      });

      it('late after close: revisions converge to the reference, never a silent drop', () => {
        const lateBy = kind === 'calendar' ? 3 * DAY : 3 * MINUTE;
        fc.assert(
          fc.property(scenario(kind), delays(lateBy), (s, late) => {
            const { finals, engine } = run(s, delayed(s.trades, late), { graceMs: 0 });
            expectMatchesReference(s, finals);
            expect(engine.stats.tooLate).toBe(0);
            expect(engine.stats.trades).toBe(s.trades.length);
          }),
          { numRuns: kind === 'calendar' ? 20 : 40 },
        );
      });
    });
  }
});
