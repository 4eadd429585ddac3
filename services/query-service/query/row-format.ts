// One bar as a CSV line, an NDJSON/JSON object or a protobuf Bar. The CSV
// columns follow Binance's kline CSV (open_time, open, high, low, close,
// volume, close_time, quote_volume, count, taker_buy_volume,
// taker_buy_quote_volume) after exchange and symbol, then `complete` and one
// column per requested derived series, in request order.
import { create } from '@bufbuild/protobuf';
import { BarSchema, DerivedValuesSchema, type Bar as BarMessage } from '../../../common/gen/wick/v1/bar_pb.js';
import { DerivedSeries } from '../../../common/gen/wick/v1/query_service_pb.js';
import type { DerivedText } from '../derived/derived-series.js';
import type { BarRow } from './bar-rows.js';

const BASE_COLUMNS = [
  'exchange', 'symbol', 'open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'quote_volume', 'count',
  'taker_buy_volume', 'taker_buy_quote_volume', 'complete',
] as const;

const DERIVED_COLUMNS: Readonly<Record<number, { readonly column: string; readonly value: keyof DerivedText }>> = {
  [DerivedSeries.VWAP]: { column: 'vwap', value: 'vwap' },
  [DerivedSeries.SIMPLE_RETURN]: { column: 'simple_return', value: 'simpleReturn' },
  [DerivedSeries.LOG_RETURN]: { column: 'log_return', value: 'logReturn' },
  [DerivedSeries.REALIZED_VOLATILITY]: { column: 'realized_volatility', value: 'realizedVolatility' },
};

export function columnNames(derived: readonly DerivedSeries[]): string[] {
  return [...BASE_COLUMNS, ...derived.map((series) => DERIVED_COLUMNS[series]?.column ?? '')];
}

export function csvHeader(derived: readonly DerivedSeries[]): string {
  return `${columnNames(derived).join(',')}\n`;
}

/** Exchange and symbol names never hold a comma, quote or line break (the request checks reject them). */
export function csvLine(row: BarRow, derived: readonly DerivedSeries[]): string {
  const { bar } = row;
  const cells: Array<string | number | boolean> = [
    bar.exchange, bar.symbol, bar.openTime, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.closeTime, bar.quoteVolume,
    bar.tradeCount, bar.takerBuyVolume, bar.takerBuyQuoteVolume, bar.complete,
  ];
  for (const series of derived) cells.push(derivedValue(row.derived, series) ?? '');
  return `${cells.join(',')}\n`;
}

/** The NDJSON object: decimals as strings, times and counts as numbers, absent derived values left out. */
export function jsonRow(row: BarRow, derived: readonly DerivedSeries[]): Record<string, string | number | boolean> {
  const { bar } = row;
  const object: Record<string, string | number | boolean> = {
    exchange: bar.exchange, symbol: bar.symbol, open_time: bar.openTime, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
    volume: bar.volume, close_time: bar.closeTime, quote_volume: bar.quoteVolume, count: bar.tradeCount,
    taker_buy_volume: bar.takerBuyVolume, taker_buy_quote_volume: bar.takerBuyQuoteVolume, complete: bar.complete,
  };
  for (const series of derived) {
    const value = derivedValue(row.derived, series);
    const column = DERIVED_COLUMNS[series]?.column;
    if (value !== undefined && column !== undefined) object[column] = value;
  }
  return object;
}

export function ndjsonLine(row: BarRow, derived: readonly DerivedSeries[]): string {
  return `${JSON.stringify(jsonRow(row, derived))}\n`;
}

export function barMessage(row: BarRow, withDerived: boolean): BarMessage {
  const { bar } = row;
  return create(BarSchema, {
    exchange: bar.exchange,
    symbol: bar.symbol,
    bucket: bar.bucket,
    openTime: BigInt(bar.openTime),
    closeTime: BigInt(bar.closeTime),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    quoteVolume: bar.quoteVolume,
    tradeCount: BigInt(bar.tradeCount),
    takerBuyVolume: bar.takerBuyVolume,
    takerBuyQuoteVolume: bar.takerBuyQuoteVolume,
    firstTradeId: BigInt(bar.firstTradeId),
    lastTradeId: BigInt(bar.lastTradeId),
    complete: bar.complete,
    derived: withDerived ? create(DerivedValuesSchema, { ...row.derived }) : undefined,
  });
}

function derivedValue(values: DerivedText | undefined, series: DerivedSeries): string | undefined {
  const key = DERIVED_COLUMNS[series]?.value;
  return key === undefined ? undefined : values?.[key];
}
