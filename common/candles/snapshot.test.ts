// The snapshot API's contract beyond the round trip (snapshot.property.test.ts):
// plain JSON data, and restore refusing, with a clear CandleError and no
// change to the engine, anything of another version, malformed, or written
// by an engine with other intervals, time zone or revision window.
import { describe, expect, it } from 'vitest';
import { CandleEngine, type CandleEngineOptions } from './engine.js';
import { CandleError } from './errors.js';
import type { EngineMetaSnapshot, SymbolSnapshot } from './snapshot.js';
import { MINUTE, T0, trade } from './testing/engine-harness.js';

function engine(options: Partial<CandleEngineOptions> = {}): CandleEngine {
  return new CandleEngine({ exchange: 'binance', intervals: ['1m', '5m'], graceMs: 0, revisionWindow: 3, onCandle: () => undefined, ...options });
}

/** A BTCUSDT state with closed, flat, open and base-bucket candles, and a partial waiting for its window. */
function busyEngine(): CandleEngine {
  const e = engine({ partialThrottleMs: 10_000 });
  e.add(trade(1, T0 + 1_000, '100.50000000', '2.00000000'), T0 + 1_000);
  e.add(trade(2, T0 + 2 * MINUTE + 5, '101.00000000', '0.10000000'), T0 + 2 * MINUTE + 5);
  e.add(trade(3, T0 + 2 * MINUTE + 9, '99.00000000', '123456789.12345678'), T0 + 2 * MINUTE + 9);
  return e;
}

function snapshotsOf(e: CandleEngine): SymbolSnapshot[] {
  return e.symbols().map((symbol) => e.snapshotSymbol(symbol) as SymbolSnapshot);
}

/** Restoring `snapshots` into a fresh engine throws a CandleError('invalid-snapshot') matching `message`, and leaves it empty. */
function expectRefused(snapshots: readonly unknown[], message: RegExp, meta?: unknown, into = engine()): void {
  const error = captured(() => into.restore(snapshots as SymbolSnapshot[], meta as EngineMetaSnapshot | undefined));
  expect(error).toBeInstanceOf(CandleError);
  expect((error as CandleError).code).toBe('invalid-snapshot');
  expect((error as CandleError).message).toMatch(message);
}

function captured(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A JSON copy of `value` with the field at `path` set to `to` (undefined: removed), as a corrupted checkpoint would hold it. */
function edited(value: unknown, path: readonly (string | number)[], to: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = to;
  return copy;
}

describe('snapshots', () => {
  it('are plain JSON data: decimals as strings, no Infinity, undefined or bigint', () => {
    const e = busyEngine();
    const [snapshot] = snapshotsOf(e);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({ version: 1, symbol: 'BTCUSDT', order: 0, priceScale: 8, quantityScale: 8, seen: { maxId: 3, ranges: [[1, 3, T0 + 2 * MINUTE + 9]] } });
    expect(snapshot?.slots[0]?.retained.map((c) => [c.openTime, c.tradeCount, c.close, c.revision])).toEqual([
      [T0, 1, '100.50000000', 0],
      [T0 + MINUTE, 0, '100.50000000', 0],
    ]);
    // Trade 2 went out in a partial at once (folding the bucket into the candles), trade 3 waits in the bucket.
    expect(snapshot?.base?.candle).toMatchObject({ tradeCount: 1, firstTradeId: 3, volume: '123456789.12345678', quoteVolume: '12222222123.22222122' });
    expect(e.snapshotMeta()).toEqual({ version: 1, pending: ['BTCUSDT'] });
    expect(e.snapshotSymbol('ETHUSDT')).toBeUndefined();
  });

  it('restore into an engine that then holds the same symbols and state', () => {
    const source = busyEngine();
    const restored = engine({ partialThrottleMs: 10_000 });
    restored.restore(snapshotsOf(source), source.snapshotMeta());
    expect(restored.symbols()).toEqual(['BTCUSDT']);
    expect(restored.snapshotMeta()).toEqual(source.snapshotMeta());
    // The base bucket's trades are folded into the candles on restore; the candles' totals are the same.
    const finals = (e: CandleEngine): unknown[] => {
      const out: unknown[] = [];
      const copy = engine({ partialThrottleMs: 10_000, onCandle: (candle) => out.push(candle) });
      copy.restore(snapshotsOf(e), e.snapshotMeta());
      copy.finish();
      return out;
    };
    expect(finals(restored)).toEqual(finals(source));
  });
});

describe('restore refuses, changing nothing', () => {
  const good = (): SymbolSnapshot => snapshotsOf(busyEngine())[0] as SymbolSnapshot;

  it('another version', () => {
    expectRefused([edited(good(), ['version'], 2)], /version 2 is not supported \(this engine reads version 1\)/);
    expectRefused([good()], /engine meta snapshot: version 0 is not supported/, { version: 0, pending: [] });
  });

  it('malformed fields, naming them', () => {
    expectRefused([null], /symbol snapshot must be an object/);
    expectRefused([edited(good(), ['seen'], undefined)], /"BTCUSDT": seen must be an object/);
    expectRefused([edited(good(), ['slots', 0, 'open', 0, 'volume'], '1e5')], /slots\[0\] \(1m\): open\[0\]: volume: "1e5" is not a canonical decimal/);
    expectRefused([edited(good(), ['slots', 0, 'retained', 0, 'high'], '1.00000000')], /retained\[0\]: prices .* are not in the order low <= open, close <= high/);
    expectRefused([edited(good(), ['slots', 0, 'retained', 0, 'close'], '0.000000001')], /retained\[0\]: close .*more than 8 significant decimal places/);
    expectRefused([edited(good(), ['seen', 'ranges'], [[3, 3, T0], [1, 1, T0]])], /ranges\[1\] does not start above the range before it/);
    expectRefused([edited(good(), ['slots', 1, 'open', 0, 'revision'], 0)], /open\[0\] has revision 0, but an open candle was never final/);
    expectRefused([edited(good(), ['slots', 0, 'retained', 0, 'firstTradeId'], 2.5)], /firstTradeId must be an integer/);
  });

  it('a snapshot of an engine with other intervals, time zone or revision window', () => {
    expectRefused([good()], /intervals 1m,5m differ from this engine's 1m,1h/, undefined, engine({ intervals: ['1m', '1h'] }));
    expectRefused([good()], /is not the open time of a 5m candle at this engine's time zone/, undefined, engine({ timezoneOffsetMinutes: 1 }));
    expectRefused([good()], /2 retained candles, more than the 1 this engine keeps/, undefined, engine({ revisionWindow: 1 }));
  });

  it('candles that do not fit their interval', () => {
    expectRefused([edited(good(), ['slots', 1, 'open', 0, 'closeTime'], T0 + 5 * MINUTE)], /close time .* does not end the candle/);
    expectRefused([edited(good(), ['slots', 0, 'retained'], [...(good().slots[0]?.retained ?? [])].reverse())], /not the last one closed|ascending/);
    expectRefused([edited(good(), ['base', 'end'], T0 + 3 * MINUTE + 1)], /is not a 60000 ms base bucket/);
  });

  it('a symbol the engine has, twice the same symbol, or a pending partial of no symbol', () => {
    const e = busyEngine();
    expectRefused([good()], /cannot restore "BTCUSDT": the engine has it already/, undefined, e);
    expectRefused([good(), good()], /the engine has it already/);
    expectRefused([good()], /pending symbol "ETHUSDT" has no state/, { version: 1, pending: ['ETHUSDT'] });
    const fresh = engine();
    expectRefused([good()], /has no state/, { version: 1, pending: ['BTCUSDT', 'ETHUSDT'] }, fresh);
    expect(fresh.symbols()).toEqual([]);
  });
});
