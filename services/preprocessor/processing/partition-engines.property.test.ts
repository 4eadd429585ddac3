// Property: checkpointing only the symbols that changed, at any points, and
// restoring the merged checkpoints into fresh engines gives exactly the
// output of engines that never stopped: every candle update, in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../common/candles/candle.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import type { Trade } from '../../../common/candles/trade.js';
import { createSnapshotEngine } from '../engine-port/candle-engine-factory.js';
import { delivered, tradeMessage } from '../testing/trades.js';
import { PartitionEngines, type EngineSettings } from './partition-engines.js';
import type { DecodedTrade } from './trade-decoder.js';

const T0 = Date.parse('2024-02-29T23:50:00Z');
const SYMBOLS = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT'];

type Step = { readonly kind: 'trades'; readonly trades: Trade[] } | { readonly kind: 'idle'; readonly to: number };

interface Case {
  readonly settings: EngineSettings;
  readonly steps: Step[];
  /** After which steps a checkpoint is taken; the last one is restored. */
  readonly checkpoints: number[];
}

const settingsArbitrary: fc.Arbitrary<EngineSettings> = fc.record({
  intervals: fc.subarray<IntervalName>(['1m', '3m', '5m', '15m', '1h', '1d'], { minLength: 1 }),
  timezoneOffsetMinutes: fc.constantFrom(0, 330, -480),
  graceMs: fc.constantFrom(0, 500, 5_000),
  partialThrottleMs: fc.constantFrom(0, 250, 10_000),
  revisionWindow: fc.integer({ min: 1, max: 4 }),
});

/** Trades of a few symbols, mostly in time order, with late ones, duplicates and odd decimals; idle clock jumps between batches. */
function caseArbitrary(): fc.Arbitrary<Case> {
  const trade = fc.record({
    symbol: fc.constantFrom(...SYMBOLS),
    step: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -400_000, max: 0 }), fc.constant(0)),
    price: fc.oneof(fc.constantFrom('0.00141342', '43000.12000000', '7'), fc.integer({ min: 1, max: 10 ** 9 }).map((n) => `${Math.floor(n / 1e4)}.${String(n % 1e4).padStart(4, '0')}`)),
    quantity: fc.oneof(fc.constantFrom('23.00000000', '0.00000001', '999999999.12345678'), fc.integer({ min: 1, max: 10 ** 6 }).map(String)),
    size: fc.integer({ min: 1, max: 3 }),
    repeat: fc.boolean(),
    maker: fc.boolean(),
  });
  const step = fc.oneof(
    { weight: 4, arbitrary: fc.array(trade, { minLength: 1, maxLength: 12 }).map((list) => ({ kind: 'trades' as const, list })) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: 1, max: 120_000 }), fc.integer({ min: 1, max: 6 * 3_600_000 })).map((jump) => ({ kind: 'idle' as const, jump })) },
  );
  return fc.record({ settings: settingsArbitrary, raw: fc.array(step, { minLength: 2, maxLength: 14 }) }).chain(({ settings, raw }) => {
    const ids = new Map(SYMBOLS.map((symbol) => [symbol, 1_000]));
    const previous = new Map<string, Trade>();
    let time = T0;
    const steps: Step[] = raw.map((entry) => {
      if (entry.kind === 'idle') {
        time += entry.jump;
        return { kind: 'idle', to: time };
      }
      const trades = entry.list.map((spec): Trade => {
        time = Math.max(T0, time + spec.step);
        const last = previous.get(spec.symbol);
        const first = ids.get(spec.symbol) as number;
        const value: Trade =
          spec.repeat && last !== undefined
            ? last
            : { symbol: spec.symbol, aggregateId: first, firstTradeId: first, lastTradeId: first + spec.size - 1, price: spec.price, quantity: spec.quantity, time, buyerIsMaker: spec.maker };
        if (value !== last) ids.set(spec.symbol, first + spec.size);
        previous.set(spec.symbol, value);
        return value;
      });
      return { kind: 'trades', trades };
    });
    return fc
      .uniqueArray(fc.integer({ min: 0, max: steps.length - 1 }), { minLength: 1, maxLength: 4 })
      .map((points) => ({ settings, steps, checkpoints: points.sort((a, b) => a - b) }));
  });
}

/** Messages only matter for dead letters, which valid trades never become. */
const MESSAGE = delivered(tradeMessage({ symbol: 'AAAUSDT', aggregateId: 1, firstTradeId: 1, lastTradeId: 1, price: '1', quantity: '1', time: T0, buyerIsMaker: false }), 0n);

function runSteps(engines: PartitionEngines, steps: readonly Step[], out: Candle[]): void {
  for (const step of steps) {
    if (step.kind === 'trades') out.push(...engines.apply(step.trades.map((trade): DecodedTrade => ({ exchange: 'binance', trade, message: MESSAGE }))).candles);
    else out.push(...engines.advanceTo(step.to));
  }
}

const fresh = (settings: EngineSettings): PartitionEngines => new PartitionEngines(settings, createSnapshotEngine, () => undefined);

describe('PartitionEngines checkpoints', () => {
  it('restore dirty-only checkpoints into output identical to an uninterrupted run', () => {
    fc.assert(
      fc.property(caseArbitrary(), ({ settings, steps, checkpoints }) => {
        const expected: Candle[] = [];
        runSteps(fresh(settings), steps, expected);

        const actual: Candle[] = [];
        const first = fresh(settings);
        const stored = new Map<string, string>();
        let meta = '';
        let done = 0;
        for (const [index, point] of checkpoints.entries()) {
          runSteps(first, steps.slice(done, point + 1), actual);
          done = point + 1;
          const snapshot = first.snapshot(index === 0 ? 'full' : 'dirty');
          for (const [key, value] of snapshot.entries) stored.set(key, value);
          meta = snapshot.meta;
        }
        const second = fresh(settings);
        second.restore(stored, meta);
        expect(second.watermarkMs).toBe(first.watermarkMs);
        runSteps(second, steps.slice(done), actual);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
