// Stream names a client may ask for. Binance refuses a malformed name with
// `{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":...}`
// but accepts a well-formed one for a symbol it does not list and then sends
// nothing (e.g. an upper-case symbol). So the simulator accepts every stream
// type of web-socket-streams.md, serves the ones a recording of trades can
// honestly feed (aggTrade, trade, kline), and keeps the others silent.
import { isIntervalName, type IntervalName } from '../../../common/candles/intervals.js';

/** The only offset Binance documents for kline streams: `<symbol>@kline_<interval>@+08:00`. */
export const KLINE_STREAM_OFFSET = '+08:00';
export const KLINE_STREAM_OFFSET_MINUTES = 480;

export type StreamName =
  | { readonly type: 'aggTrade' | 'trade'; readonly symbol: string }
  | { readonly type: 'kline'; readonly symbol: string; readonly interval: IntervalName; readonly offsetMinutes: number }
  /** A valid Binance stream the simulator has no data for (depth, tickers, ...). */
  | { readonly type: 'silent' };

// Per-symbol streams of web-socket-streams.md besides trades and klines.
const OTHER_SYMBOL_STREAMS = /^(?:depth(?:5|10|20)?(?:@100ms)?|miniTicker|ticker|ticker_(?:1h|4h|1d)|bookTicker|avgPrice|referencePrice|blockTrade)$/;
// All-market streams.
const ALL_MARKET_STREAMS = /^!(?:miniTicker@arr|ticker@arr|ticker_(?:1h|4h|1d)@arr)$/;
// Binance symbols may hold non-ASCII letters; never '@', '/', '!' or spaces.
const SYMBOL = /^[^@/!\s]+$/u;

/** Parses a stream name; undefined when Binance would call it an invalid stream. */
export function parseStreamName(name: string): StreamName | undefined {
  if (ALL_MARKET_STREAMS.test(name)) return { type: 'silent' };
  const at = name.indexOf('@');
  if (at <= 0) return undefined;
  const symbol = name.slice(0, at);
  if (!SYMBOL.test(symbol)) return undefined;
  const rest = name.slice(at + 1);
  if (rest === 'aggTrade' || rest === 'trade') return { type: rest, symbol };
  if (rest.startsWith('kline_')) return parseKline(symbol, rest.slice('kline_'.length));
  return OTHER_SYMBOL_STREAMS.test(rest) ? { type: 'silent' } : undefined;
}

function parseKline(symbol: string, rest: string): StreamName | undefined {
  const [interval, offset, extra] = rest.split('@');
  if (interval === undefined || !isIntervalName(interval) || extra !== undefined) return undefined;
  if (offset === undefined) return { type: 'kline', symbol, interval, offsetMinutes: 0 };
  return offset === KLINE_STREAM_OFFSET ? { type: 'kline', symbol, interval, offsetMinutes: KLINE_STREAM_OFFSET_MINUTES } : undefined;
}

export function klineStreamName(symbol: string, interval: IntervalName, offsetMinutes: number): string {
  const base = `${symbol.toLowerCase()}@kline_${interval}`;
  return offsetMinutes === 0 ? base : `${base}@${KLINE_STREAM_OFFSET}`;
}
