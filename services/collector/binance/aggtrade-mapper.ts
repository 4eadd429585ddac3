// Binance's wire format for aggregate trades, and its mapping to wick's
// protobuf Trade. The wire types are declared here, beside the code that
// reads them, as Binance documents them (binance-spot-api-docs:
// web-socket-streams.md "Aggregate Trade Streams", "Server Shutdown",
// "Live Subscribing/Unsubscribing"; rest-api.md "Compressed/Aggregate
// trades list"). Nothing here trusts the input: a frame that is not what
// Binance documents comes back as `invalid` with a reason, never as a throw.
// Prices and quantities stay the strings Binance sent.
import type { Trade } from '../../../common/candles/trade.js';
import { encodeDomainTrade, SerdeError } from '../../../common/serde/index.js';
import { AggTradeFrameReader } from './aggtrade-frame-reader.js';

export const EXCHANGE = 'binance';

/** `<symbol>@aggTrade` payload (web-socket-streams.md). */
export interface AggTradeEvent {
  readonly e: 'aggTrade';
  /** Event time (ms). */
  readonly E: number;
  readonly s: string;
  /** Aggregate trade id. */
  readonly a: number;
  readonly p: string;
  readonly q: string;
  /** First and last raw trade id. */
  readonly f: number;
  readonly l: number;
  /** Trade time (ms). */
  readonly T: number;
  /** Is the buyer the market maker? */
  readonly m: boolean;
  /** "Ignore". */
  readonly M?: boolean;
}

/** One row of GET /api/v3/aggTrades (rest-api.md): the stream's fields without e, E and s. */
export type RestAggTrade = Omit<AggTradeEvent, 'e' | 'E' | 's'>;

/** What /stream?streams=... wraps every event in. */
export interface CombinedStreamFrame {
  readonly stream: string;
  readonly data: unknown;
}

/** Sent before the server goes away; the stream must move to a new connection. */
export interface ServerShutdownEvent {
  readonly e: 'serverShutdown';
  readonly E: number;
}

/** Ids of SUBSCRIBE and other requests: a 64-bit integer, a short string, or null. */
export type RequestId = number | string | null;

/** `{"result": null, "id": 1}` answers a SUBSCRIBE. */
export interface RequestResponse {
  readonly result: unknown;
  readonly id: RequestId;
}

/** Errors come as `{"code": 2, "msg": "...", "id": 1}` or `{"error": {"code": 2, "msg": "..."}, "id": 1}`. */
export interface RequestError {
  readonly code?: number;
  readonly msg?: string;
  readonly error?: { readonly code?: number; readonly msg?: string };
  readonly id?: RequestId;
}

/** Why a frame or REST row is unusable; the label of the DLQ metric. */
export type RejectReason = 'malformed-json' | 'invalid-shape' | 'invalid-field';

export type BinanceFrame =
  | { readonly kind: 'trade'; readonly trade: Trade; readonly eventTime: number }
  | { readonly kind: 'server-shutdown'; readonly eventTime: number }
  | { readonly kind: 'response'; readonly id: RequestId; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: RequestId | undefined; readonly code: number | undefined; readonly message: string }
  /** A well-formed event of another type (kline, depth...): not ours to map. */
  | { readonly kind: 'other'; readonly event: string }
  | Rejected;

export interface Rejected {
  readonly kind: 'invalid';
  readonly reason: RejectReason;
  /** One line: what is wrong, for the DLQ header and the log. */
  readonly detail: string;
  /** The symbol, when the frame names one (the DLQ message's key). */
  readonly symbol?: string;
}

const frameReader = new AggTradeFrameReader();

/** parseFrame of a frame's bytes: Binance's usual aggTrade frame is read from them directly, anything else goes through JSON.parse. */
export function parseFrameBytes(bytes: Buffer): BinanceFrame {
  return frameReader.read(bytes) ?? parseFrame(bytes.toString('utf8'));
}

export function parseFrame(text: string): BinanceFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return reject('malformed-json', `not JSON: ${(error as Error).message}`);
  }
  if (!isObject(json)) return reject('invalid-shape', `a frame must be a JSON object, got ${describe(json)}`);
  if ('stream' in json && 'data' in json) return parseEvent((json as unknown as CombinedStreamFrame).data);
  if ('result' in json && 'id' in json) return { kind: 'response', id: json.id as RequestId, result: json.result };
  if ('e' in json) return parseEvent(json);
  if ('code' in json || 'error' in json) return parseError(json as RequestError);
  return reject('invalid-shape', 'neither an event, a combined-stream frame nor a request response');
}

function parseEvent(event: unknown): BinanceFrame {
  if (!isObject(event)) return reject('invalid-shape', `event data must be a JSON object, got ${describe(event)}`);
  const type = event.e;
  if (type === 'aggTrade') return parseAggTradeEvent(event);
  if (type === 'serverShutdown') {
    const time = event.E;
    return isTime(time) ? { kind: 'server-shutdown', eventTime: time } : reject('invalid-shape', 'serverShutdown without a valid E');
  }
  if (typeof type === 'string' && type !== '') return { kind: 'other', event: type };
  return reject('invalid-shape', `event type e is ${describe(type)}`);
}

function parseAggTradeEvent(event: Record<string, unknown>): BinanceFrame {
  const symbol = event.s;
  if (typeof symbol !== 'string' || symbol === '') return reject('invalid-shape', `aggTrade symbol s is ${describe(symbol)}`);
  if (!isTime(event.E)) return reject('invalid-shape', `aggTrade event time E is ${describe(event.E)}`, symbol);
  const trade = toTrade(symbol, event);
  return 'kind' in trade ? trade : { kind: 'trade', trade, eventTime: event.E };
}

/** Maps one row of GET /api/v3/aggTrades for `symbol`. */
export function parseRestAggTrade(symbol: string, row: unknown): Trade | Rejected {
  if (!isObject(row)) return reject('invalid-shape', `an aggTrades row must be a JSON object, got ${describe(row)}`, symbol);
  return toTrade(symbol, row);
}

/** The fields the stream and REST share (a p q f l T m) into the domain trade. */
function toTrade(symbol: string, fields: Record<string, unknown>): Trade | Rejected {
  const { a, p, q, f, l, T, m } = fields;
  for (const [name, value] of [['a', a], ['f', f], ['l', l]] as const) {
    if (!isId(value)) return reject('invalid-shape', `aggTrade ${name} is ${describe(value)}, not a trade id`, symbol);
  }
  if (!isTime(T)) return reject('invalid-shape', `aggTrade trade time T is ${describe(T)}`, symbol);
  if (typeof p !== 'string' || typeof q !== 'string') return reject('invalid-shape', 'aggTrade price p and quantity q must be strings', symbol);
  if (typeof m !== 'boolean') return reject('invalid-shape', `aggTrade m is ${describe(m)}, not a boolean`, symbol);
  return {
    symbol,
    aggregateId: a as number,
    firstTradeId: f as number,
    lastTradeId: l as number,
    price: p,
    quantity: q,
    time: T,
    buyerIsMaker: m,
  };
}

/** The protobuf bytes for Kafka; validation failures come back as `invalid-field`. */
export function encodeBinanceTrade(trade: Trade, receiveTime: number): Uint8Array | Rejected {
  try {
    return encodeDomainTrade(trade, { exchange: EXCHANGE, receiveTime });
  } catch (error) {
    if (error instanceof SerdeError) return reject('invalid-field', error.message, trade.symbol);
    throw error;
  }
}

function parseError(frame: RequestError): BinanceFrame {
  const code = frame.error?.code ?? frame.code;
  const message = frame.error?.msg ?? frame.msg ?? 'no message';
  return { kind: 'error', id: frame.id, code: typeof code === 'number' ? code : undefined, message: String(message) };
}

function reject(reason: RejectReason, detail: string, symbol?: string): Rejected {
  return symbol === undefined ? { kind: 'invalid', reason, detail } : { kind: 'invalid', reason, detail, symbol };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
