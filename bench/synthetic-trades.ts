// A deterministic aggTrades workload shaped like Binance's busiest spot
// pairs: ten symbols, each with its own price, tick and lot size and its
// own trade rate, randomly interleaved in one time-ordered stream, with
// market-wide bursts. Prices random-walk in ticks and are written with 8
// decimals as Binance writes them; aggregate and trade ids are contiguous
// per symbol.
//
// Rates (the assumptions, per symbol, in aggTrades per second of market time):
// - Total 150/s on average, BTCUSDT 30% of it (45/s). Binance's top spot
//   pairs each carry tens of aggTrades a second and together well over
//   100/s. For scale, the one live recording we have (ws-2021-04, 90 s
//   of a Sunday evening in April 2021) shows BTCUSDT at 13.5/s, ETHUSDT 5.6/s and
//   DOTUSDT 2.0/s; volumes have grown several times since.
// - The other nine get the rest by the weights below (ETHUSDT 30/s down to
//   XRPETH 3/s), so the stream mixes dense and sparse symbols the way a
//   Kafka partition of a real deployment does.
// - Bursts: trading comes in bursts (liquidations, news). The market
//   alternates between calm stretches (mean 95 s) and bursts (mean 5 s) in
//   which every symbol trades 8 times as fast; calm runs at 111/s so the
//   average stays 150/s, and a burst reaches ~890/s.
// - 3 M trades therefore span about 5.6 hours of market time.
// Prices move -2..+2 ticks per trade, so 20% of a symbol's consecutive
// trades repeat its price: fewer than in the recording (BTCUSDT 45%,
// ETHUSDT 33%, DOTUSDT 17%), which makes the workload no easier than the
// real market for an engine that reuses a repeated price's parse.
import type { Trade } from '../common/candles/trade.js';
import { seededRandom } from '../common/testing/seeded-random.js';

export interface SyntheticOptions {
  readonly trades: number;
  readonly seed: number;
  /** First trade time, ms UTC. */
  readonly start: number;
}

interface Market {
  readonly symbol: string;
  /** Prices and sizes in units of 1e-8, as integers. */
  readonly price: number;
  readonly tick: number;
  readonly lot: number;
  readonly maxLots: number;
  /** Share of all trades, in percent. */
  readonly weight: number;
}

const UNIT = 1e8;
/** Mean aggTrades per second of market time, all symbols together. */
export const MEAN_TRADES_PER_SECOND = 150;
const BURST_SPEEDUP = 8;
const MEAN_CALM_MS = 95_000;
const MEAN_BURST_MS = 5_000;
/** Calm rate such that the time-weighted mean is MEAN_TRADES_PER_SECOND. */
const CALM_PER_SECOND = (MEAN_TRADES_PER_SECOND * (MEAN_CALM_MS + MEAN_BURST_MS)) / (MEAN_CALM_MS + BURST_SPEEDUP * MEAN_BURST_MS);

const MARKETS: readonly Market[] = [
  { symbol: 'BTCUSDT', price: 43_000.12 * UNIT, tick: 0.01 * UNIT, lot: 0.00001 * UNIT, maxLots: 200_000, weight: 30 },
  { symbol: 'ETHUSDT', price: 2_310.55 * UNIT, tick: 0.01 * UNIT, lot: 0.0001 * UNIT, maxLots: 100_000, weight: 20 },
  { symbol: 'SOLUSDT', price: 98.31 * UNIT, tick: 0.01 * UNIT, lot: 0.001 * UNIT, maxLots: 200_000, weight: 10 },
  { symbol: 'BNBUSDT', price: 312.4 * UNIT, tick: 0.1 * UNIT, lot: 0.001 * UNIT, maxLots: 50_000, weight: 8 },
  { symbol: 'XRPUSDT', price: 0.6213 * UNIT, tick: 0.0001 * UNIT, lot: 1 * UNIT, maxLots: 100_000, weight: 8 },
  { symbol: 'DOGEUSDT', price: 0.08231 * UNIT, tick: 0.00001 * UNIT, lot: 1 * UNIT, maxLots: 500_000, weight: 7 },
  { symbol: 'ADAUSDT', price: 0.5123 * UNIT, tick: 0.0001 * UNIT, lot: 0.1 * UNIT, maxLots: 1_000_000, weight: 6 },
  { symbol: 'LINKUSDT', price: 14.523 * UNIT, tick: 0.001 * UNIT, lot: 0.01 * UNIT, maxLots: 100_000, weight: 5 },
  { symbol: 'ETHBTC', price: 0.05373 * UNIT, tick: 0.00001 * UNIT, lot: 0.0001 * UNIT, maxLots: 100_000, weight: 4 },
  { symbol: 'XRPETH', price: 0.00027151 * UNIT, tick: 0.00000001 * UNIT, lot: 1 * UNIT, maxLots: 20_000, weight: 2 },
].map((m) => ({ ...m, price: Math.round(m.price), tick: Math.round(m.tick), lot: Math.round(m.lot) }));

/** Integer units of 1e-8 as an 8-decimal string, computed in integers. */
export function unitsToDecimal(units: number): string {
  const whole = Math.floor(units / UNIT);
  return `${whole}.${String(units - whole * UNIT).padStart(8, '0')}`;
}

/**
 * The same text as a fresh, flat string of its own, as a decoder yields it
 * (the preprocessor's protobuf decoding, a CSV reader's copy). Neither a
 * concatenation (a rope, which V8 flattens on first use) nor JSON.parse
 * (which interns strings of up to 10 characters: one shared copy per value,
 * wherever in the heap it first appeared, so trades far apart share, and
 * scatter, their quantity strings).
 */
export function flatString(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

/** Market time the workload spans, in ms (the mean; the seeded run is within a few percent). */
export function syntheticSpanMs(trades: number): number {
  return (trades / MEAN_TRADES_PER_SECOND) * 1000;
}

export function syntheticTrades(options: SyntheticOptions): Trade[] {
  const random = seededRandom(options.seed);
  const exponential = (mean: number): number => -Math.log(1 - random()) * mean;
  const state = MARKETS.map((m, i) => ({ price: m.price, aggregateId: 100_000_000 * (i + 1), tradeId: 300_000_000 * (i + 1) }));
  const totalWeight = MARKETS.reduce((sum, m) => sum + m.weight, 0);
  const trades: Trade[] = new Array<Trade>(options.trades);
  // Time runs in fractional ms and is floored per trade, so many trades share a millisecond in a burst.
  let clock = options.start;
  let burst = false;
  let regimeEnds = clock + exponential(MEAN_CALM_MS);
  for (let n = 0; n < options.trades; n++) {
    clock += exponential(1000 / (burst ? CALM_PER_SECOND * BURST_SPEEDUP : CALM_PER_SECOND));
    while (clock >= regimeEnds) {
      burst = !burst;
      regimeEnds += exponential(burst ? MEAN_BURST_MS : MEAN_CALM_MS);
    }
    const index = pickMarket(random() * totalWeight);
    const market = MARKETS[index] as Market;
    const s = state[index] as (typeof state)[number];
    s.price = Math.max(market.tick, s.price + market.tick * (Math.floor(random() * 5) - 2));
    const extraTrades = random() < 0.8 ? 0 : 1 + Math.floor(random() * 4);
    const lots = 1 + Math.floor(Math.exp(random() * Math.log(market.maxLots)));
    trades[n] = {
      symbol: market.symbol,
      aggregateId: s.aggregateId++,
      firstTradeId: s.tradeId,
      lastTradeId: s.tradeId + extraTrades,
      price: flatString(unitsToDecimal(s.price)),
      quantity: flatString(unitsToDecimal(lots * market.lot)),
      time: Math.floor(clock),
      buyerIsMaker: random() < 0.5,
    };
    s.tradeId += extraTrades + 1;
  }
  return trades;

  function pickMarket(point: number): number {
    let index = 0;
    for (let rest = point; index < MARKETS.length - 1; index++) {
      rest -= (MARKETS[index] as Market).weight;
      if (rest < 0) break;
    }
    return index;
  }
}
