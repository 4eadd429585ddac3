// Minimal readers for the recorded Binance data in ../shared/data/binance,
// for tests only (the streaming readers of the `wick candles` tool live in
// common/recordings). They load the small files whole and keep every
// decimal as the string Binance wrote.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Trade } from '../trade.js';

export const BINANCE_DATA_DIR = fileURLToPath(new URL('../../../../shared/data/binance/', import.meta.url));

/** data.binance.vision aggTrades CSV: agg_id,price,qty,first_id,last_id,time,is_buyer_maker,is_best_match. */
export function readAggTradesCsv(relativePath: string, symbol: string): Trade[] {
  const lines = readFileSync(BINANCE_DATA_DIR + relativePath, 'utf8').split('\n');
  const trades: Trade[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.startsWith('agg_trade_id')) continue;
    const fields = line.trim().split(',');
    if (fields.length !== 8) throw new Error(`${relativePath}:${index + 1}: expected 8 fields, got ${fields.length}`);
    const [aggregateId, price, quantity, first, last, time, buyerIsMaker] = fields as [string, string, string, string, string, string, string];
    trades.push({
      symbol,
      aggregateId: Number(aggregateId),
      price,
      quantity,
      firstTradeId: Number(first),
      lastTradeId: Number(last),
      time: Number(time),
      buyerIsMaker: buyerIsMaker.toLowerCase() === 'true',
    });
  }
  return trades;
}

/** Binance OHLCV arrays as freqtrade stores them: [open_time_ms, open, high, low, close, volume] with JSON numbers. */
export type OhlcvRow = readonly [number, number, number, number, number, number];

export function readOhlcvJson(relativePath: string): OhlcvRow[] {
  return JSON.parse(readFileSync(BINANCE_DATA_DIR + relativePath, 'utf8')) as OhlcvRow[];
}

/** A kline frame's `k` object, every field as Binance sent it. */
export interface KlineFrame {
  readonly t: number;
  readonly T: number;
  readonly s: string;
  readonly i: string;
  readonly f: number;
  readonly L: number;
  readonly o: string;
  readonly c: string;
  readonly h: string;
  readonly l: string;
  readonly v: string;
  readonly n: number;
  readonly x: boolean;
  readonly q: string;
  readonly V: string;
  readonly Q: string;
}

interface AggTradeFrame {
  readonly e: 'aggTrade';
  readonly E: number;
  readonly s: string;
  readonly a: number;
  readonly p: string;
  readonly q: string;
  readonly f: number;
  readonly l: number;
  readonly T: number;
  readonly m: boolean;
}

export interface WsRecording {
  /** aggTrades in file order. */
  readonly trades: Trade[];
  /** kline updates in file order. */
  readonly klines: KlineFrame[];
}

/** A combined-stream JSONL recording: {"recv_ts", "stream", "data"} per line. */
export function readWsRecording(relativePath: string): WsRecording {
  const trades: Trade[] = [];
  const klines: KlineFrame[] = [];
  for (const line of readFileSync(BINANCE_DATA_DIR + relativePath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const data = (JSON.parse(line) as { data: AggTradeFrame | { e: 'kline'; k: KlineFrame } }).data;
    if (data.e === 'kline') {
      klines.push(data.k);
      continue;
    }
    trades.push({
      symbol: data.s,
      aggregateId: data.a,
      price: data.p,
      quantity: data.q,
      firstTradeId: data.f,
      lastTradeId: data.l,
      time: data.T,
      buyerIsMaker: data.m,
    });
  }
  return { trades, klines };
}
