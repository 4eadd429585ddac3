// Every reproducible kline update of the recorded WebSocket streams in
// ../shared/data/binance/ws-2021-04, on all nine value fields (o h l c v n q
// V Q), the trade ids and the open/close times, from the recorded aggTrades.
//
// Which updates are reproducible (that folder's README):
// - a minute whose first aggTrade is in the recording (20:04 in the spot
//   file): each update equals the engine's candle of the minute's aggTrades
//   up to the update's last trade id, string for string;
// - a minute already running when the recording began (20:03 spot, the
//   futures minute): the first update is the seed, and each later one equals
//   the seed plus the engine's candle of the aggTrades after the seed,
//   including the closed 20:03 klines (x: true), which come from the final;
// - an update whose last trade id falls strictly inside one aggTrade's
//   first..last range was taken mid-aggTrade and cannot be reproduced.
import { describe, expect, it } from 'vitest';
import { Decimal, writtenScale } from '../decimal/index.js';
import type { Candle } from './candle.js';
import { CandleEngine } from './engine.js';
import { readWsRecording, type KlineFrame } from './testing/binance-data.js';
import type { Trade } from './trade.js';

const GRACE_MS = 500;

interface Outcome {
  compared: number;
  closedCompared: number;
  skippedMidAggTrade: number;
  seeds: number;
  endingOnMultiTradeAggTrade: number;
}

/** The engine's candles after each trade (partials, throttle 0) and the final, keyed by last trade id. */
function engineCandles(trades: readonly Trade[], closeTime: number): { partials: Map<number, Candle>; final: Candle | undefined } {
  const partials = new Map<number, Candle>();
  let final: Candle | undefined;
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: ['1m'],
    graceMs: GRACE_MS,
    partialThrottleMs: 0,
    onCandle: (candle) => {
      if (candle.closed) final = candle;
      else partials.set(candle.lastTradeId, candle);
    },
  });
  for (const trade of trades) engine.add(trade, trade.time);
  engine.advance(closeTime + GRACE_MS + 1);
  return { partials, final };
}

const FIELDS = [['o', 'open'], ['h', 'high'], ['l', 'low'], ['c', 'close'], ['v', 'volume'], ['q', 'quoteVolume'], ['V', 'takerBuyVolume'], ['Q', 'takerBuyQuoteVolume']] as const;

function expectIdentical(ours: Candle | undefined, kline: KlineFrame): void {
  const label = `${kline.s} ${kline.t} L=${kline.L}`;
  expect(ours, label).toBeDefined();
  const candle = ours as Candle;
  const actual = { t: candle.openTime, T: candle.closeTime, f: candle.firstTradeId, L: candle.lastTradeId, n: candle.tradeCount, x: candle.closed, ...Object.fromEntries(FIELDS.map(([k, field]) => [k, candle[field]])) };
  const expected = { t: kline.t, T: kline.T, f: kline.f, L: kline.L, n: kline.n, x: kline.x, ...Object.fromEntries(FIELDS.map(([k]) => [k, kline[k]])) };
  expect(actual, label).toEqual(expected);
}

/** Seed kline + the engine's candle of the trades after it, compared by value; the engine's strings must use Binance's scales. */
function expectSeedPlus(seed: KlineFrame, ours: Candle | undefined, kline: KlineFrame): void {
  const label = `${kline.s} ${kline.t} L=${kline.L}`;
  // No aggTrade after the seed yet: the update must repeat the seed.
  if (ours === undefined) expect(kline.L, label).toBe(seed.L);
  const d = Decimal.parse;
  const sum = (field: 'v' | 'q' | 'V' | 'Q', candleField: (typeof FIELDS)[number][1]): Decimal => d(seed[field]).add(ours ? d(ours[candleField]) : Decimal.ZERO);
  const combined = {
    o: seed.o,
    h: ours ? Decimal.max(d(seed.h), d(ours.high)).toString() : seed.h,
    l: ours ? Decimal.min(d(seed.l), d(ours.low)).toString() : seed.l,
    c: ours ? ours.close : seed.c,
    v: sum('v', 'volume'),
    q: sum('q', 'quoteVolume'),
    V: sum('V', 'takerBuyVolume'),
    Q: sum('Q', 'takerBuyQuoteVolume'),
  };
  for (const [k] of FIELDS) {
    const value = combined[k];
    expect(d(typeof value === 'string' ? value : value.toString()).eq(d(kline[k])), `${label} ${k}`).toBe(true);
  }
  expect(seed.n + (ours?.tradeCount ?? 0), label).toBe(kline.n);
  expect([seed.f, ours?.lastTradeId ?? seed.L], label).toEqual([kline.f, kline.L]);
  if (ours) {
    for (const [k, field] of FIELDS) expect(writtenScale(ours[field]), `${label} scale of ${k}`).toBe(writtenScale(kline[k]));
    expect([ours.openTime, ours.closeTime, ours.closed], label).toEqual([kline.t, kline.T, kline.x]);
  }
}

function checkRecording(path: string): Outcome {
  const { trades, klines } = readWsRecording(path);
  const outcome: Outcome = { compared: 0, closedCompared: 0, skippedMidAggTrade: 0, seeds: 0, endingOnMultiTradeAggTrade: 0 };
  const minutes = new Map<string, KlineFrame[]>();
  for (const kline of klines) {
    const key = `${kline.s} ${kline.t}`;
    minutes.set(key, [...(minutes.get(key) ?? []), kline]);
  }
  for (const updates of minutes.values()) {
    const first = updates[0] as KlineFrame;
    const minuteTrades = trades.filter((t) => t.symbol === first.s && t.time >= first.t && t.time <= first.T);
    const fromStart = minuteTrades.some((t) => t.firstTradeId === first.f);
    const run = fromStart ? engineCandles(minuteTrades, first.T) : undefined;
    let seed: KlineFrame | undefined;
    let afterSeed: ReturnType<typeof engineCandles> | undefined;
    for (const kline of updates) {
      if (minuteTrades.some((t) => t.firstTradeId <= kline.L && kline.L < t.lastTradeId)) {
        outcome.skippedMidAggTrade++;
        continue;
      }
      if (minuteTrades.some((t) => t.firstTradeId < t.lastTradeId && kline.L === t.lastTradeId)) outcome.endingOnMultiTradeAggTrade++;
      if (run) {
        expectIdentical(kline.x ? run.final : run.partials.get(kline.L), kline);
      } else if (seed === undefined) {
        seed = kline;
        const seedLast = kline.L;
        afterSeed = engineCandles(minuteTrades.filter((t) => t.firstTradeId > seedLast), first.T);
        outcome.seeds++;
        continue;
      } else {
        const after = afterSeed as ReturnType<typeof engineCandles>;
        expectSeedPlus(seed, kline.x ? after.final : after.partials.get(kline.L), kline);
      }
      outcome.compared++;
      if (kline.x) outcome.closedCompared++;
    }
  }
  return outcome;
}

describe('recorded Binance WebSocket klines (ws-2021-04)', () => {
  it('spot BTCUSDT, ETHUSDT, DOTUSDT: every reproducible update, the closed 20:03 klines included', () => {
    const outcome = checkRecording('ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl');
    // 118 updates: 3 seeds (20:03), 9 taken mid-aggTrade, 106 compared (3 of them the closed 20:03 klines).
    // The README counts 10 unreproducible: the 10th (DOTUSDT L=63392748) ends exactly on the last id of the
    // two-trade aggTrade 63392747..63392748, so it is reproducible, and it is compared here.
    expect(outcome).toEqual({ compared: 106, closedCompared: 3, skippedMidAggTrade: 9, seeds: 3, endingOnMultiTradeAggTrade: 1 });
  });

  it('USD-M futures DENTUSDT, KSMUSDT, XMRUSDT, YFIUSDT: every reproducible update, with futures decimal scales', () => {
    const outcome = checkRecording('ws-2021-04/usdm-futures-dent-ksm-xmr-yfi.jsonl');
    expect(outcome.seeds).toBe(4);
    expect(outcome.skippedMidAggTrade).toBe(19);
    expect(outcome.compared).toBe(76);
  });
});
