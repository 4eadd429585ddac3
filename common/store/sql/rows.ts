// Decoding of result rows. A candle read returns one text column per row,
// the candle's fields joined by commas in the database: node-postgres spends
// most of a read's time on per-column work (18,000 fields for a 1,000-candle
// page), and one column per row cut a latest-1,000 read's client CPU by
// about 2.7x on PostgreSQL 15 (see the report in issue #4). Each field is
// the column's own text output (NUMERIC::text for decimals, so exact, with
// their scale), and no field can contain a comma.
import type { SeriesKey } from '../candle-store.js';
import type { Candle } from '../domain.js';
import { StoreError } from '../errors.js';
import { timestampToMsText } from './time.js';

/** The select list of every candle read: one column, `line`. */
export const CANDLE_LINE = `concat_ws(',',
  ${timestampToMsText('open_time')}, ${timestampToMsText('close_time')},
  open, high, low, close, volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
  trade_count, first_trade_id, last_trade_id, revision, closed::int) AS line`;

export interface CandleLineRow {
  readonly line: string;
}

const FIELDS = 15;

/** A candle of the series `key` from its line (the series' names are not repeated per row). */
export function candleFromLine(key: SeriesKey, line: string): Candle {
  const f = line.split(',');
  if (f.length !== FIELDS) throw new StoreError('QUERY_FAILED', `a candle row has ${f.length} fields, not ${FIELDS}`);
  return {
    exchange: key.exchange,
    symbol: key.symbol,
    interval: key.interval,
    openTime: integer(f[0] as string, 'open_time'),
    closeTime: integer(f[1] as string, 'close_time'),
    open: f[2] as string,
    high: f[3] as string,
    low: f[4] as string,
    close: f[5] as string,
    volume: f[6] as string,
    quoteVolume: f[7] as string,
    takerBuyVolume: f[8] as string,
    takerBuyQuoteVolume: f[9] as string,
    tradeCount: integer(f[10] as string, 'trade_count'),
    firstTradeId: integer(f[11] as string, 'first_trade_id'),
    lastTradeId: integer(f[12] as string, 'last_trade_id'),
    revision: integer(f[13] as string, 'revision'),
    closed: f[14] === '1',
  };
}

/** An integer column's text (PostgreSQL's own output) as a number; beyond 2^53 it would lose digits, so that is an error. */
export function integer(text: string, column: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || text === '') {
    throw new StoreError('QUERY_FAILED', `column ${column} holds ${JSON.stringify(text)}, not an exact integer`);
  }
  return value;
}
