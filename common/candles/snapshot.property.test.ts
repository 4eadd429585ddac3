// Property: snapshot every symbol (and the meta) at a random point, send it
// through JSON, restore it into a fresh engine and go on: everything
// emitted (partials, finals, revisions, flat candles) and every discard is
// exactly what an engine that never stopped emits. And taking a snapshot
// changes nothing in the engine it was taken from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from './candle.js';
import { CandleEngine, type CandleEngineOptions, type DiscardedTrade } from './engine.js';
import type { IntervalName } from './intervals.js';
import type { EngineMetaSnapshot, SymbolSnapshot } from './snapshot.js';
import type { Trade } from './trade.js';

const T0 = Date.parse('2024-02-29T23:58:00Z');
const SYMBOLS = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT'];

type Settings = Omit<CandleEngineOptions, 'onCandle' | 'onDiscard' | 'exchange'>;
type Event = { readonly kind: 'trade'; readonly trade: Trade; readonly now: number } | { readonly kind: 'advance'; readonly now: number };

const settingsArbitrary: fc.Arbitrary<Settings> = fc.record({
  intervals: fc.subarray<IntervalName>(['1s', '1m', '3m', '5m', '15m', '1h', '1d', '1w', '1M'], { minLength: 1, maxLength: 5 }),
  timezoneOffsetMinutes: fc.constantFrom(0, 330, -480, 840),
  graceMs: fc.constantFrom(0, 500, 5_000),
  partialThrottleMs: fc.constantFrom(0, 250, 10_000),
  emitPartials: fc.boolean(),
  fillEmptyIntervals: fc.boolean(),
  dedupe: fc.boolean(),
  reviseLateTrades: fc.boolean(),
  revisionWindow: fc.integer({ min: 1, max: 4 }),
  minimumScale: fc.constantFrom(0, 8),
});

/** Spot-like and futures-like decimals, and quantities whose products overflow the base bucket's limbs. */
const price = fc.oneof(
  fc.constantFrom('0.00141342', '43000.12000000', '7', '352.60', '99999999.99999999'),
  fc.integer({ min: 1, max: 10 ** 9 }).map((n) => `${Math.floor(n / 1e4)}.${String(n % 1e4).padStart(4, '0')}`),
);
const quantity = fc.oneof(
  fc.constantFrom('23.00000000', '0.00000001', '999999999.12345678', '10', '0.5'),
  fc.integer({ min: 1, max: 10 ** 6 }).map(String),
  fc.bigInt({ min: 10n ** 12n, max: 10n ** 14n }).map((n) => `${n}.12345678`),
);

/**
 * Trades of a few symbols, mostly in time order, with late ones (before
 * and after their candle closed), duplicates, overlaps, malformed ones, and
 * clock-only advances across empty intervals. The clock is a watermark: the
 * newest trade time seen, or later.
 */
function eventsArbitrary(maxJumpMs: number): fc.Arbitrary<Event[]> {
  return fc
    .array(
      fc.oneof(
        {
          weight: 6,
          arbitrary: fc.record({
            kind: fc.constant('trade' as const),
            symbol: fc.constantFrom(...SYMBOLS),
            step: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -400_000, max: 0 }), fc.constant(0)),
            price,
            quantity,
            size: fc.integer({ min: 1, max: 3 }),
            copy: fc.constantFrom('none', 'none', 'none', 'repeat', 'overlap', 'invalid'),
            maker: fc.boolean(),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), jump: fc.oneof(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 1, max: maxJumpMs })) }) },
      ),
      { minLength: 2, maxLength: 60 },
    )
    .map((raw) => {
      const nextId = new Map(SYMBOLS.map((symbol) => [symbol, 1_000]));
      const previous = new Map<string, Trade>();
      let time = T0;
      let now = T0;
      return raw.map((entry): Event => {
        if (entry.kind === 'advance') {
          now += entry.jump;
          return { kind: 'advance', now };
        }
        time = Math.max(T0, time + entry.step);
        now = Math.max(now, time);
        const last = previous.get(entry.symbol);
        const first = nextId.get(entry.symbol) as number;
        let trade: Trade = { symbol: entry.symbol, aggregateId: first, firstTradeId: first, lastTradeId: first + entry.size - 1, price: entry.price, quantity: entry.quantity, time, buyerIsMaker: entry.maker };
        if (entry.copy === 'repeat' && last !== undefined) trade = last;
        else if (entry.copy === 'overlap' && last !== undefined) trade = { ...trade, firstTradeId: last.lastTradeId, lastTradeId: last.lastTradeId + 1 };
        else if (entry.copy === 'invalid') trade = { ...trade, price: '1.2.3' };
        else {
          nextId.set(entry.symbol, first + entry.size);
          previous.set(entry.symbol, trade);
        }
        return { kind: 'trade', trade, now };
      });
    });
}

/** Settings, and events whose idle jumps stay short when 1s candles (one flat candle a second) are on. */
const caseArbitrary = settingsArbitrary.chain((settings) =>
  fc.tuple(fc.constant(settings), eventsArbitrary(settings.intervals.includes('1s') ? 120_000 : 3 * 86_400_000)),
);

interface Output {
  readonly candles: Candle[];
  readonly discards: DiscardedTrade[];
}

function engineOf(settings: Settings, out: Output): CandleEngine {
  return new CandleEngine({ exchange: 'binance', ...settings, onCandle: (candle) => out.candles.push(candle), onDiscard: (discard) => out.discards.push(discard) });
}

function play(engine: CandleEngine, events: readonly Event[]): void {
  for (const event of events) {
    if (event.kind === 'trade') engine.add(event.trade, event.now);
    else engine.advance(event.now);
  }
}

interface Checkpoint {
  readonly symbols: SymbolSnapshot[];
  readonly meta: EngineMetaSnapshot;
}

/** Every symbol and the meta, through JSON as a checkpoint store would keep them. */
function checkpoint(engine: CandleEngine): Checkpoint {
  const symbols = engine.symbols().map((symbol) => engine.snapshotSymbol(symbol));
  return JSON.parse(JSON.stringify({ symbols, meta: engine.snapshotMeta() })) as Checkpoint;
}

describe('CandleEngine snapshot and restore', () => {
  it('a restored engine goes on exactly as one that never stopped; snapshots change nothing', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.nat(), fc.boolean(), ([settings, events], cutSeed, finish) => {
        const cut = cutSeed % (events.length + 1);
        const expected: Output = { candles: [], discards: [] };
        const uninterrupted = engineOf(settings, expected);
        play(uninterrupted, events);
        if (finish) uninterrupted.finish();

        const actual: Output = { candles: [], discards: [] };
        const before = engineOf(settings, actual);
        play(before, events.slice(0, cut));
        const saved = checkpoint(before);
        const after = engineOf(settings, actual);
        after.restore(saved.symbols, saved.meta);
        play(after, events.slice(cut));
        if (finish) after.finish();
        expect(actual.candles).toEqual(expected.candles);
        expect(actual.discards).toEqual(expected.discards);

        // The engine the snapshot was taken from goes on unchanged.
        const source: Output = { candles: [], discards: [] };
        const probed = engineOf(settings, source);
        play(probed, events.slice(0, cut));
        checkpoint(probed);
        play(probed, events.slice(cut));
        if (finish) probed.finish();
        expect(source.candles).toEqual(expected.candles);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
