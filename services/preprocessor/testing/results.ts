// What the preprocessor produced, read back the way its users read it: the
// candle store's closed candles, and wick.candles.v1 deduplicated as the
// README tells consumers to (the newest version of each candle by the
// store's precedence rule), both as kline CSV rows for comparison with
// `wick candles`.
import type { Bus, BusConsumer } from '../../../common/bus/index.js';
import type { Candle } from '../../../common/candles/candle.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import { decodeCandle, toDomainCandle } from '../../../common/serde/index.js';
import { supersedes } from '../../../common/store/precedence.js';
import { MAX_PAGE_LIMIT, type CandleStore } from '../../../common/store/index.js';
import { formatKlineRow } from '../../candles/kline-csv.js';
import type { ReferenceKlines } from './reference-klines.js';

export const klineRow = (candle: Candle): string => formatKlineRow(candle).trimEnd();

/** Closed candles of a series from the store, ascending. */
export async function storedCandles(store: CandleStore, symbol: string, interval: IntervalName): Promise<Candle[]> {
  const candles: Candle[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.readRange({ exchange: 'binance', symbol, interval, startTime: 0, limit: MAX_PAGE_LIMIT, cursor });
    candles.push(...page.candles);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return candles;
}

/** Reads wick.candles.v1 from the start and keeps the newest version of every candle. */
export class CandleTopicReader {
  readonly latest = new Map<string, Candle>();
  messages = 0;

  private constructor(private readonly consumer: BusConsumer) {}

  static async start(bus: Bus, topic: string, groupId: string): Promise<CandleTopicReader> {
    const consumer = bus.consumer({ groupId, topics: [topic] });
    const reader = new CandleTopicReader(consumer);
    await consumer.run({ eachBatch: async (batch) => reader.take(batch.messages.map((m) => toDomainCandle(decodeCandle(m.value)))) });
    return reader;
  }

  /** The newest closed candles of a series, ascending. */
  series(symbol: string, interval: IntervalName): Candle[] {
    return [...this.latest.values()]
      .filter((candle) => candle.symbol === symbol && candle.interval === interval && candle.closed)
      .sort((a, b) => a.openTime - b.openTime);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }

  private take(candles: readonly Candle[]): void {
    for (const candle of candles) {
      this.messages++;
      const key = `${candle.symbol}|${candle.interval}|${candle.openTime}`;
      const current = this.latest.get(key);
      if (current === undefined || supersedes(candle, current)) this.latest.set(key, candle);
    }
  }
}

export interface Comparison {
  /** Reference rows missing or different, as "expected -> actual" lines (empty when identical). */
  readonly differences: string[];
  /** Candles after the recording's end: only flat ones are allowed (time moved on after the last trade). */
  readonly extraTraded: number;
}

/** Compares closed candles with the reference over the recording's span. */
export function compareWithReference(candles: readonly Candle[], reference: ReferenceKlines): Comparison {
  const byOpen = new Map(candles.map((candle) => [candle.openTime, candle]));
  const differences: string[] = [];
  for (const row of reference.rows) {
    const openTime = Number(row.split(',', 1)[0]);
    const actual = byOpen.get(openTime);
    const text = actual === undefined ? '(missing)' : klineRow(actual);
    if (text !== row) differences.push(`${reference.interval} ${row} -> ${text}`);
  }
  const inside = (candle: Candle): boolean => candle.openTime >= reference.firstOpenTime && candle.openTime <= reference.lastOpenTime;
  const outside = candles.filter((candle) => !inside(candle));
  for (const candle of outside.filter((c) => c.openTime < reference.firstOpenTime)) differences.push(`${reference.interval} unexpected candle before the recording: ${klineRow(candle)}`);
  return { differences, extraTraded: outside.filter((candle) => candle.tradeCount > 0).length };
}
