// A deliberately simple reference for the engine's candles, for property
// tests: plain loops over all trades, decimal.js for every sum, a bucket
// function written from the calendar rules alone, no incremental state.
// It knows nothing of arrival order, the clock, base buckets or revisions:
// it says what the final candles must be once every trade has arrived.
import { Decimal as RefDecimal } from 'decimal.js';
import type { IntervalName } from '../intervals.js';
import type { Trade } from '../trade.js';

const Ref = RefDecimal.clone({ precision: 1000 });

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LENGTH: Record<string, number> = {
  '1s': 1000, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': 60 * MINUTE, '2h': 120 * MINUTE, '4h': 240 * MINUTE, '6h': 360 * MINUTE, '8h': 480 * MINUTE,
  '12h': 720 * MINUTE, '1d': DAY, '3d': 3 * DAY,
};

/** [open, next open) of the bucket holding `time`, from the calendar: local = UTC + offset. */
export function referenceBucket(interval: IntervalName, time: number, offsetMinutes: number): [number, number] {
  const offset = offsetMinutes * MINUTE;
  const local = new Date(time + offset);
  if (interval === '1M') {
    const open = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - offset;
    const next = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - offset;
    return [open, next];
  }
  if (interval === '1w') {
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    const daysSinceMonday = (local.getUTCDay() + 6) % 7;
    const open = midnight - daysSinceMonday * DAY - offset;
    return [open, open + 7 * DAY];
  }
  const length = LENGTH[interval] as number;
  const localTime = time + offset;
  const open = localTime - (((localTime % length) + length) % length) - offset;
  return [open, open + length];
}

export interface ReferenceCandle {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: RefDecimal;
  readonly high: RefDecimal;
  readonly low: RefDecimal;
  readonly close: RefDecimal;
  readonly volume: RefDecimal;
  readonly quoteVolume: RefDecimal;
  readonly takerBuyVolume: RefDecimal;
  readonly takerBuyQuoteVolume: RefDecimal;
  readonly tradeCount: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
}

/**
 * The final candles of one symbol in one interval: every bucket from the
 * first trade's to the last trade's, empty ones flat at the previous close
 * when `fill`. A trade id seen twice counts once (the first copy).
 */
export function referenceCandles(trades: readonly Trade[], interval: IntervalName, offsetMinutes: number, fill = true): ReferenceCandle[] {
  const unique: Trade[] = [];
  const seen = new Set<number>();
  for (const trade of trades) {
    if (seen.has(trade.firstTradeId)) continue;
    seen.add(trade.firstTradeId);
    unique.push(trade);
  }
  if (unique.length === 0) return [];
  const byBucket = new Map<number, Trade[]>();
  let first = Infinity;
  let last = -Infinity;
  for (const trade of unique) {
    const [open] = referenceBucket(interval, trade.time, offsetMinutes);
    byBucket.set(open, [...(byBucket.get(open) ?? []), trade]);
    first = Math.min(first, open);
    last = Math.max(last, open);
  }
  const candles: ReferenceCandle[] = [];
  let previousClose: RefDecimal | undefined;
  for (let open = first; open <= last; ) {
    const [, next] = referenceBucket(interval, open, offsetMinutes);
    const inBucket = byBucket.get(open);
    if (inBucket !== undefined) {
      const candle = candleOf(open, next - 1, inBucket);
      candles.push(candle);
      previousClose = candle.close;
    } else if (fill && previousClose !== undefined) {
      candles.push(flatCandle(open, next - 1, previousClose));
    }
    open = next;
  }
  return candles;
}

function candleOf(openTime: number, closeTime: number, trades: readonly Trade[]): ReferenceCandle {
  let lowest = trades[0] as Trade;
  let highest = trades[0] as Trade;
  let high = new Ref(lowest.price);
  let low = new Ref(lowest.price);
  let volume = new Ref(0);
  let quoteVolume = new Ref(0);
  let takerBuyVolume = new Ref(0);
  let takerBuyQuoteVolume = new Ref(0);
  let tradeCount = 0;
  for (const trade of trades) {
    const price = new Ref(trade.price);
    // A shared trade id (de-duplication off): the lower price opens, the higher closes.
    if (trade.firstTradeId < lowest.firstTradeId || (trade.firstTradeId === lowest.firstTradeId && price.lt(lowest.price))) lowest = trade;
    if (trade.lastTradeId > highest.lastTradeId || (trade.lastTradeId === highest.lastTradeId && price.gt(highest.price))) highest = trade;
    if (price.gt(high)) high = price;
    if (price.lt(low)) low = price;
    volume = volume.plus(trade.quantity);
    quoteVolume = quoteVolume.plus(price.times(trade.quantity));
    if (!trade.buyerIsMaker) {
      takerBuyVolume = takerBuyVolume.plus(trade.quantity);
      takerBuyQuoteVolume = takerBuyQuoteVolume.plus(price.times(trade.quantity));
    }
    tradeCount += trade.lastTradeId - trade.firstTradeId + 1;
  }
  return {
    openTime, closeTime, open: new Ref(lowest.price), high, low, close: new Ref(highest.price),
    volume, quoteVolume, takerBuyVolume, takerBuyQuoteVolume, tradeCount,
    firstTradeId: lowest.firstTradeId, lastTradeId: highest.lastTradeId,
  };
}

function flatCandle(openTime: number, closeTime: number, price: RefDecimal): ReferenceCandle {
  const zero = new Ref(0);
  return {
    openTime, closeTime, open: price, high: price, low: price, close: price,
    volume: zero, quoteVolume: zero, takerBuyVolume: zero, takerBuyQuoteVolume: zero,
    tradeCount: 0, firstTradeId: -1, lastTradeId: -1,
  };
}

/** Differences between an engine candle (strings) and the reference, as readable lines; empty when equal. */
export function differences(
  actual: {
    openTime: number; closeTime: number; open: string; high: string; low: string; close: string; volume: string; quoteVolume: string;
    takerBuyVolume: string; takerBuyQuoteVolume: string; tradeCount: number; firstTradeId: number; lastTradeId: number;
  },
  expected: ReferenceCandle,
): string[] {
  const problems: string[] = [];
  for (const key of ['openTime', 'closeTime', 'tradeCount', 'firstTradeId', 'lastTradeId'] as const) {
    if (actual[key] !== expected[key]) problems.push(`${key}: ${actual[key]} != ${expected[key]}`);
  }
  for (const key of ['open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'takerBuyVolume', 'takerBuyQuoteVolume'] as const) {
    if (!new Ref(actual[key]).eq(expected[key])) problems.push(`${key}: ${actual[key]} != ${expected[key].toFixed()}`);
  }
  return problems;
}
