// A page of stored candles (the store's columns, common/store/candle-columns.ts)
// in wick.v1.Candle's protobuf binary form, written in one pass into one
// buffer: the series' three names once per page, integers from the typed
// arrays, decimals copied byte for byte from the database's text. Each
// candle's bytes are what encodeCandle(candleAt(columns, i), updateTime)
// writes (candle-columns-encoding.test.ts), with no Candle object, string
// or per-candle allocation on the way, the cost a read of 1,000 candles
// used to spend most of its JavaScript time on.
import type { CandleColumns } from '../store/index.js';
import { putBytes, putInt, putText } from './proto-fields.js';
import { writeVarint } from './wire.js';

/**
 * The candles as records of a repeated message field (its tag, the candle's
 * length, the candle), back to back: a run of them is copied into a
 * response as it is (GetCandlesResponse.candles is field 1).
 */
export interface EncodedCandles {
  readonly bytes: Uint8Array;
  /** Record i spans bytes[records[i], records[i + 1]). */
  readonly records: Uint32Array;
  /** Candle i (record i without its tag and length) spans bytes[candles[i], records[i + 1]). */
  readonly candles: Uint32Array;
}

/** Tag and value (2 + 10 bytes) of 8 integer fields, tag and length (1 + 5 bytes) of 8 decimals. */
const FIXED_BOUND = 8 * 12 + 8 * 6;
/** A record's tag (field numbers below 16) and length, at most. */
const RECORD_HEADER = 1 + 5;

/** The page's candles as records of field `field` (1 to 15). */
export function encodeCandleColumns(columns: CandleColumns, updateTime: number, field: number): EncodedCandles {
  const { length, text, decimals } = columns;
  const names = seriesFields(columns);
  let decimalBytes = 0;
  for (let index = 0; index < decimals.length; index += 2) decimalBytes += (decimals[index + 1] as number) - (decimals[index] as number);
  const out = new Uint8Array(length * (RECORD_HEADER + names.length + FIXED_BOUND) + decimalBytes);
  const records = new Uint32Array(length + 1);
  const candles = new Uint32Array(length);
  const tag = field * 8 + 2;
  let offset = 0;
  for (let row = 0; row < length; row += 1) {
    // The candle is written after room for the largest header, then moved to follow its actual header.
    const record = offset;
    const start = record + RECORD_HEADER;
    offset = start;
    out.set(names, offset);
    offset += names.length;
    const at = 16 * row;
    offset = putInt(out, offset, 4, columns.openTime[row] as number);
    offset = putInt(out, offset, 5, columns.closeTime[row] as number);
    // Fields 6 to 11: open, high, low, close, volume, quote_volume (decimals 0 to 5).
    for (let decimal = 0; decimal < 6; decimal += 1) {
      offset = putBytes(out, offset, 6 + decimal, text, decimals[at + 2 * decimal] as number, decimals[at + 2 * decimal + 1] as number);
    }
    offset = putInt(out, offset, 12, columns.tradeCount[row] as number);
    offset = putBytes(out, offset, 13, text, decimals[at + 12] as number, decimals[at + 13] as number);
    offset = putBytes(out, offset, 14, text, decimals[at + 14] as number, decimals[at + 15] as number);
    offset = putInt(out, offset, 15, columns.firstTradeId[row] as number);
    offset = putInt(out, offset, 16, columns.lastTradeId[row] as number);
    offset = putInt(out, offset, 17, columns.closed[row] as number);
    offset = putInt(out, offset, 18, columns.revision[row] as number);
    offset = putInt(out, offset, 19, updateTime);
    const size = offset - start;
    out[record] = tag;
    const candle = writeVarint(out, record + 1, size);
    out.copyWithin(candle, start, offset);
    records[row] = record;
    candles[row] = candle;
    offset = candle + size;
  }
  records[length] = offset;
  return { bytes: out.subarray(0, offset), records, candles };
}

/** Fields 1 to 3 (exchange, symbol, interval), the same for every candle of the page. */
function seriesFields(columns: CandleColumns): Uint8Array {
  const { exchange, symbol, interval } = columns.series;
  const out = new Uint8Array(3 * 7 + 3 * (exchange.length + symbol.length + interval.length));
  let offset = putText(out, 0, 1, exchange);
  offset = putText(out, offset, 2, symbol);
  offset = putText(out, offset, 3, interval);
  return out.slice(0, offset);
}
