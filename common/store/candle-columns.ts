// A page of candles of one series in columns: the integers in typed arrays,
// the decimals as byte ranges of the text the database wrote. This is the
// form reads decode rows into (sql/rows.ts): no object or string per
// candle, so a response encoder can copy a decimal's bytes straight from the
// database's output (common/rpc/candle-encoding.ts); candleAt() gives the
// ordinary Candle when a caller wants one.
import { Buffer } from 'node:buffer';
import type { SeriesKey } from './candle-store.js';
import type { Candle } from './domain.js';

/** The decimal fields, in the order their ranges are kept. */
export const DECIMAL_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'takerBuyVolume', 'takerBuyQuoteVolume'] as const;

export type DecimalField = (typeof DECIMAL_FIELDS)[number];

export interface CandleColumns {
  readonly series: SeriesKey;
  /** Candles, ascending open time. */
  readonly length: number;
  /** Safe integers. */
  readonly openTime: Float64Array;
  readonly closeTime: Float64Array;
  readonly tradeCount: Float64Array;
  readonly firstTradeId: Float64Array;
  readonly lastTradeId: Float64Array;
  readonly revision: Float64Array;
  /** 1 for closed, 0 for a partial. */
  readonly closed: Uint8Array;
  /** ASCII text holding the decimals (PostgreSQL's NUMERIC output: exact, with its scale). */
  readonly text: Uint8Array;
  /** Decimal d (DECIMAL_FIELDS order) of candle i spans text[decimals[16i + 2d], decimals[16i + 2d + 1]). */
  readonly decimals: Uint32Array;
}

export interface CandleColumnsPage {
  readonly columns: CandleColumns;
  /** As CandlePage's: set when more candles follow. */
  readonly nextCursor?: string;
}

/** Columns for `length` candles of `key`, zeroed, whose decimals will be ranges of `text`: for a decoder to fill. */
export function allocateCandleColumns(key: SeriesKey, length: number, text: Uint8Array): CandleColumns {
  return {
    series: { exchange: key.exchange, symbol: key.symbol, interval: key.interval },
    length,
    openTime: new Float64Array(length),
    closeTime: new Float64Array(length),
    tradeCount: new Float64Array(length),
    firstTradeId: new Float64Array(length),
    lastTradeId: new Float64Array(length),
    revision: new Float64Array(length),
    closed: new Uint8Array(length),
    text,
    decimals: new Uint32Array(16 * length),
  };
}

/** Candle i of the page as a Candle. */
export function candleAt(columns: CandleColumns, index: number): Candle {
  return candleFrom(columns, textOf(columns), index);
}

/** Every candle of the page as Candles. */
export function candlesOf(columns: CandleColumns): Candle[] {
  const text = textOf(columns);
  return Array.from({ length: columns.length }, (_, index) => candleFrom(columns, text, index));
}

function textOf(columns: CandleColumns): Buffer {
  return Buffer.from(columns.text.buffer, columns.text.byteOffset, columns.text.byteLength);
}

function candleFrom(columns: CandleColumns, text: Buffer, index: number): Candle {
  const decimal = (field: number) => {
    const at = 16 * index + 2 * field;
    return text.toString('latin1', columns.decimals[at], columns.decimals[at + 1]);
  };
  return {
    exchange: columns.series.exchange,
    symbol: columns.series.symbol,
    interval: columns.series.interval,
    openTime: columns.openTime[index] as number,
    closeTime: columns.closeTime[index] as number,
    open: decimal(0),
    high: decimal(1),
    low: decimal(2),
    close: decimal(3),
    volume: decimal(4),
    quoteVolume: decimal(5),
    takerBuyVolume: decimal(6),
    takerBuyQuoteVolume: decimal(7),
    tradeCount: columns.tradeCount[index] as number,
    firstTradeId: columns.firstTradeId[index] as number,
    lastTradeId: columns.lastTradeId[index] as number,
    revision: columns.revision[index] as number,
    closed: columns.closed[index] === 1,
  };
}
