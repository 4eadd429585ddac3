// Candle columns (../candle-columns.ts) from Candles, for tests: each candle
// written as the line a read's SQL returns (../sql/rows.ts CANDLE_LINE),
// then decoded by the store's own row decoder.
import type { CandleColumns, CandleColumnsPage } from '../candle-columns.js';
import type { SeriesKey } from '../candle-store.js';
import type { Candle } from '../domain.js';
import { lineRowsFromStrings } from '../sql/line-rows.js';
import { candleColumns } from '../sql/rows.js';

/** The line PostgreSQL writes for the candle. */
export function candleLine(candle: Candle): string {
  return [
    candle.openTime, candle.closeTime, candle.open, candle.high, candle.low, candle.close, candle.volume, candle.quoteVolume,
    candle.takerBuyVolume, candle.takerBuyQuoteVolume, candle.tradeCount, candle.firstTradeId, candle.lastTradeId, candle.revision,
    candle.closed ? 1 : 0,
  ].join(',');
}

/** Candles of one series (ascending open time) as columns. */
export function columnsOf(series: SeriesKey, candles: readonly Candle[]): CandleColumns {
  return candleColumns(series, lineRowsFromStrings(candles.map(candleLine)), candles.length, false);
}

/** A store page of the candles; `nextCursor` when more are said to follow. */
export function columnsPage(series: SeriesKey, candles: readonly Candle[], nextCursor?: string): CandleColumnsPage {
  const columns = columnsOf(series, candles);
  return nextCursor === undefined ? { columns } : { columns, nextCursor };
}
