// The query-service suites' data: three days of 1m candles of two symbols
// (with flat minutes), and what the store should roll them up to.
import type { Bar as BarMessage } from '../../../common/gen/wick/v1/bar_pb.js';
import type { Candle } from '../../../common/candles/candle.js';
import { minuteSeries } from '../../../common/store/testing/fixtures.js';
import { referenceRollup, type ReferenceBar } from '../../../common/store/testing/reference-rollup.js';

/** 2024-01-01T00:00:00Z, a Monday. */
export const DAY0 = 1_704_067_200_000;
export const DAY = 86_400_000;
export const MINUTES = 3 * 1_440;

export function seriesOf(symbol: string, seed: number): Candle[] {
  return minuteSeries({ exchange: 'binance', symbol, startMs: DAY0, minutes: MINUTES, seed });
}

/** The reference bars of fixed-width buckets aligned in a time zone (minutes east of UTC). */
export function fixedBars(minutes: readonly Candle[], widthMs: number, offsetMinutes: number): ReferenceBar[] {
  const offset = offsetMinutes * 60_000;
  return referenceRollup(minutes, (time) => {
    const open = Math.floor((time + offset) / widthMs) * widthMs - offset;
    return { openTime: open, closeTime: open + widthMs - 1 };
  });
}

/** A protobuf Bar as the store's plain bar, for comparing with reference bars. */
export function plainBar(bar: BarMessage): ReferenceBar {
  return {
    openTime: Number(bar.openTime), closeTime: Number(bar.closeTime), open: bar.open, high: bar.high, low: bar.low, close: bar.close,
    volume: bar.volume, quoteVolume: bar.quoteVolume, takerBuyVolume: bar.takerBuyVolume, takerBuyQuoteVolume: bar.takerBuyQuoteVolume,
    tradeCount: Number(bar.tradeCount), firstTradeId: Number(bar.firstTradeId), lastTradeId: Number(bar.lastTradeId), complete: bar.complete,
  };
}
