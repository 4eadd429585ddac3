// The batched, idempotent candle upsert: one statement and one round trip per
// batch. The batch travels as one array per column (unnest), which keeps the
// statement text fixed whatever the batch size, so it is prepared once per
// connection; a multi-row VALUES list would need a statement per batch size
// and 18 parameters per candle (see store.bench.ts for the measured
// comparison).
//
// The same statement also maintains candle_series (first and last open time
// of each series), so listing never scans candles.
import type { Candle } from '../domain.js';
import type { SqlParam, SqlStatement } from './executor.js';
import { quoteElement } from './pg-array.js';
import { msToTimestamp } from './time.js';

// The WHERE clause is the store's precedence rule (precedence.ts):
// a higher revision wins unless it is a partial over a final; at the same
// revision a final beats a partial and a partial beats a partial only with
// more trades. Everything else leaves the row untouched, so a redelivered
// candle changes nothing, not even updated_at.
export const UPSERT_CANDLES: SqlStatement = {
  name: 'wick_store_upsert_candles_v1',
  text: `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[],
    $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[],
    $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[],
    $14::int8[], $15::int8[], $16::int8[], $17::int4[], $18::bool[]
  ) AS batch(exchange, symbol, interval, open_ms, close_ms, open, high, low, close,
             volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
             trade_count, first_trade_id, last_trade_id, revision, closed)
),
written AS (
  INSERT INTO candles AS stored (
    exchange, symbol, interval, open_time, close_time, open, high, low, close,
    volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
    trade_count, first_trade_id, last_trade_id, revision, closed)
  SELECT exchange, symbol, interval, ${msToTimestamp('open_ms')}, ${msToTimestamp('close_ms')},
         open, high, low, close, volume, quote_volume, taker_buy_volume, taker_buy_quote_volume,
         trade_count, first_trade_id, last_trade_id, revision, closed
  FROM input
  ON CONFLICT (exchange, symbol, interval, open_time) DO UPDATE SET
    close_time = excluded.close_time,
    open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
    volume = excluded.volume, quote_volume = excluded.quote_volume,
    taker_buy_volume = excluded.taker_buy_volume, taker_buy_quote_volume = excluded.taker_buy_quote_volume,
    trade_count = excluded.trade_count, first_trade_id = excluded.first_trade_id,
    last_trade_id = excluded.last_trade_id, revision = excluded.revision, closed = excluded.closed,
    updated_at = now()
  WHERE (excluded.revision > stored.revision AND (excluded.closed OR NOT stored.closed))
     OR (excluded.revision = stored.revision AND NOT stored.closed
         AND (excluded.closed OR excluded.trade_count > stored.trade_count))
  RETURNING exchange, symbol, interval, open_time
),
series AS (
  INSERT INTO candle_series AS known (exchange, symbol, interval, first_open_time, last_open_time)
  SELECT exchange, symbol, interval, min(open_time), max(open_time)
  FROM written
  GROUP BY exchange, symbol, interval
  ON CONFLICT (exchange, symbol, interval) DO UPDATE SET
    first_open_time = LEAST(known.first_open_time, excluded.first_open_time),
    last_open_time = GREATEST(known.last_open_time, excluded.last_open_time)
  WHERE excluded.first_open_time < known.first_open_time
     OR excluded.last_open_time > known.last_open_time
)
SELECT count(*)::text AS written FROM written`,
};

/** The 18 column arrays of UPSERT_CANDLES for a validated, de-duplicated batch, built in one pass. */
export function upsertParams(candles: readonly Candle[]): SqlParam[] {
  const columns: string[][] = [];
  for (let column = 0; column < 18; column += 1) columns.push(new Array<string>(candles.length));
  // Exchanges and symbols repeat across a batch: each distinct one is quoted once.
  const quoted = new Map<string, string>();
  for (let row = 0; row < candles.length; row += 1) {
    const c = candles[row] as Candle;
    const values = [
      quoteOnce(quoted, c.exchange), quoteOnce(quoted, c.symbol), c.interval, String(c.openTime), String(c.closeTime),
      c.open, c.high, c.low, c.close, c.volume, c.quoteVolume, c.takerBuyVolume, c.takerBuyQuoteVolume,
      String(c.tradeCount), String(c.firstTradeId), String(c.lastTradeId), String(c.revision), c.closed ? 't' : 'f',
    ];
    for (let column = 0; column < 18; column += 1) (columns[column] as string[])[row] = values[column] as string;
  }
  return columns.map((column) => `{${column.join(',')}}`);
}

function quoteOnce(cache: Map<string, string>, text: string): string {
  let element = cache.get(text);
  if (element === undefined) {
    element = quoteElement(text);
    cache.set(text, element);
  }
  return element;
}
