// A deterministic, realistic aggTrades workload: several symbols with their
// own price scale, tick and lot size; prices random-walking in ticks and
// written with 8 decimals as Binance does; contiguous aggregate and trade ids
// per symbol; trade times increasing in exponential steps over several days.
import type { Trade } from '../common/candles/trade.js';

export interface SyntheticOptions {
  readonly trades: number;
  readonly days: number;
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
  /** Share of all trades. */
  readonly weight: number;
}

const UNIT = 1e8;

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

/** mulberry32: a tiny seeded PRNG, plenty for workloads (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer units of 1e-8 as an 8-decimal string, computed in integers. */
export function unitsToDecimal(units: number): string {
  const whole = Math.floor(units / UNIT);
  return `${whole}.${String(units - whole * UNIT).padStart(8, '0')}`;
}

/**
 * The same text as one flat string. Concatenation builds a rope that V8
 * flattens on first use; strings from a reader (a CSV slice, JSON.parse)
 * are flat already, and the workload should look like those.
 */
export function flatString(text: string): string {
  return JSON.parse(`"${text}"`) as string;
}

export function syntheticTrades(options: SyntheticOptions): Trade[] {
  const random = seededRandom(options.seed);
  const state = MARKETS.map((m, i) => ({ price: m.price, aggregateId: 100_000_000 * (i + 1), tradeId: 300_000_000 * (i + 1) }));
  const totalWeight = MARKETS.reduce((sum, m) => sum + m.weight, 0);
  const meanStepMs = (options.days * 86_400_000) / options.trades;
  const trades: Trade[] = new Array<Trade>(options.trades);
  let time = options.start;
  for (let n = 0; n < options.trades; n++) {
    time += Math.round(-Math.log(1 - random()) * meanStepMs);
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
      time,
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
