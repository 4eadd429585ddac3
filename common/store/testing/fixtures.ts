// Candle fixtures for the store's tests: hand-made candles with every field
// set, and deterministic synthetic 1m series (with flat minutes) whose
// decimals are built from integers, never floats.
import { randomBytes } from 'node:crypto';
import type { Candle, IntervalName } from '../domain.js';
import { seededRandom } from '../../testing/seeded-random.js';

export const MINUTE_MS = 60_000;
/** 8 decimals, as Binance spot writes prices and volumes. */
export const SCALE = 8;

/** A lower-case random suffix, unique per test run. */
export function uniqueSuffix(): string {
  return randomBytes(6).toString('hex');
}

/** A final 1m candle with trades; override any field. */
export function candle(overrides: Partial<Candle> & Pick<Candle, 'exchange' | 'symbol' | 'openTime'>): Candle {
  const interval: IntervalName = overrides.interval ?? '1m';
  return {
    interval,
    closeTime: overrides.openTime + MINUTE_MS - 1,
    open: '100.00000000',
    high: '101.50000000',
    low: '99.25000000',
    close: '100.75000000',
    volume: '12.34500000',
    quoteVolume: '1241.23456789',
    takerBuyVolume: '6.00000000',
    takerBuyQuoteVolume: '603.00000000',
    tradeCount: 42,
    firstTradeId: 1_000,
    lastTradeId: 1_041,
    closed: true,
    revision: 0,
    ...overrides,
  };
}

/** Fixed-point text of an integer count of 1e-8 units: 12345 -> "0.00012345". */
export function units(value: bigint): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
}

export function toUnits(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(SCALE, '0').slice(0, SCALE));
}

export interface SeriesOptions {
  readonly exchange: string;
  readonly symbol: string;
  readonly startMs: number;
  readonly minutes: number;
  readonly seed: number;
  /** Share of minutes without trades (flat at the previous close); default 0.15. */
  readonly flatShare?: number;
  /** Leave the last minute partial (closed = false); default false. */
  readonly lastPartial?: boolean;
  /** Minutes (by index) forced to be flat, e.g. to make whole buckets without trades. */
  readonly flat?: (index: number) => boolean;
}

/** A deterministic series of consecutive 1m candles, as the engine would emit them. */
export function minuteSeries(options: SeriesOptions): Candle[] {
  const random = seededRandom(options.seed);
  const flatShare = options.flatShare ?? 0.15;
  const candles: Candle[] = [];
  let price = 3_000_000_000_000n; // 30000.00000000
  let tradeId = 1_000_000;
  for (let i = 0; i < options.minutes; i += 1) {
    const openTime = options.startMs + i * MINUTE_MS;
    const closed = !(options.lastPartial && i === options.minutes - 1);
    const base = { exchange: options.exchange, symbol: options.symbol, openTime, closed, revision: 0 };
    if (random() < flatShare || options.flat?.(i) === true) {
      const flat = units(price);
      candles.push(candle({
        ...base, open: flat, high: flat, low: flat, close: flat, volume: units(0n), quoteVolume: units(0n),
        takerBuyVolume: units(0n), takerBuyQuoteVolume: units(0n), tradeCount: 0, firstTradeId: -1, lastTradeId: -1,
      }));
      continue;
    }
    const step = () => BigInt(Math.floor(random() * 2_000_000_000)) - 1_000_000_000n;
    const open = price + step();
    const close = open + step();
    const high = maxOf(open, close) + BigInt(Math.floor(random() * 500_000_000));
    const low = minOf(open, close) - BigInt(Math.floor(random() * 500_000_000));
    const trades = 1 + Math.floor(random() * 50);
    const volume = BigInt(1 + Math.floor(random() * 1e9));
    const taker = volume / 3n;
    candles.push(candle({
      ...base, open: units(open), high: units(high), low: units(low), close: units(close),
      volume: units(volume), quoteVolume: units((volume * close) / 100_000_000n),
      takerBuyVolume: units(taker), takerBuyQuoteVolume: units((taker * close) / 100_000_000n),
      tradeCount: trades, firstTradeId: tradeId, lastTradeId: tradeId + trades - 1,
    }));
    tradeId += trades;
    price = close;
  }
  return candles;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
