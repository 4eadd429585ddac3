// Recorded Binance WebSocket frames, one JSON document per line: either the
// combined-stream envelope {"recv_ts": "<unix seconds>", "stream": "...",
// "data": <frame>} (the ../shared/data/binance recordings) or the raw frame.
// `aggTrade` and `trade` events become trades (fields as in Binance's
// web-socket-streams.md); kline frames, other events and subscription
// replies are well-formed lines that carry no trade.
import { RowError } from './errors.js';
import { jsonBooleanField, jsonDecimalField, jsonIntegerField, timestampToMs } from './fields.js';
import type { RecordedTrade } from './recorded-trade.js';
import type { RowParser } from './row-parser.js';

type TradeEvent = 'aggTrade' | 'trade';
type Frame = Record<string, unknown>;

export interface WsJsonlOptions {
  /** Keep only this symbol's trades; the others count as ignored. */
  readonly onlySymbol?: string;
}

export class WsJsonlParser implements RowParser {
  // A recording holding both <s>@aggTrade and <s>@trade would count every
  // trade twice, so the first trade event seen for a symbol decides which
  // stream is that symbol's source and the other one is ignored.
  private readonly eventOfSymbol = new Map<string, TradeEvent>();

  constructor(private readonly options: WsJsonlOptions = {}) {}

  parse(text: string, line: number): RecordedTrade | undefined {
    const document = parseJson(text);
    if (Array.isArray(document)) return undefined; // all-market array streams carry no trade
    const enveloped = 'data' in document && 'stream' in document;
    const frame = enveloped ? document.data : document;
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return undefined;
    const event = (frame as Frame).e;
    if (event !== 'aggTrade' && event !== 'trade') return undefined;
    const symbol = symbolField((frame as Frame).s);
    if (this.options.onlySymbol !== undefined && symbol !== this.options.onlySymbol) return undefined;
    if (!this.acceptsEvent(symbol, event)) return undefined;
    const receivedAt = enveloped ? receiveTimeMs(document.recv_ts) : undefined;
    return event === 'aggTrade'
      ? aggTrade(frame as Frame, symbol, line, receivedAt)
      : rawTrade(frame as Frame, symbol, line, receivedAt);
  }

  private acceptsEvent(symbol: string, event: TradeEvent): boolean {
    const chosen = this.eventOfSymbol.get(symbol);
    if (chosen === undefined) {
      this.eventOfSymbol.set(symbol, event);
      return true;
    }
    return chosen === event;
  }
}

function aggTrade(frame: Frame, symbol: string, line: number, receivedAt: number | undefined): RecordedTrade {
  const firstTradeId = jsonIntegerField('f', frame.f);
  const lastTradeId = jsonIntegerField('l', frame.l);
  if (lastTradeId < firstTradeId) throw new RowError(`last trade id l ${lastTradeId} is below first trade id f ${firstTradeId}`);
  return {
    symbol,
    aggregateId: jsonIntegerField('a', frame.a),
    firstTradeId,
    lastTradeId,
    price: jsonDecimalField('p', frame.p),
    quantity: jsonDecimalField('q', frame.q),
    time: timestampToMs('T', jsonIntegerField('T', frame.T)),
    buyerIsMaker: jsonBooleanField('m', frame.m),
    line,
    eventTime: timestampToMs('E', jsonIntegerField('E', frame.E)),
    receivedAt,
  };
}

// In the trade stream `a` is the seller's order id, not an aggregate id.
function rawTrade(frame: Frame, symbol: string, line: number, receivedAt: number | undefined): RecordedTrade {
  const id = jsonIntegerField('t', frame.t);
  return {
    symbol,
    aggregateId: id,
    firstTradeId: id,
    lastTradeId: id,
    price: jsonDecimalField('p', frame.p),
    quantity: jsonDecimalField('q', frame.q),
    time: timestampToMs('T', jsonIntegerField('T', frame.T)),
    buyerIsMaker: jsonBooleanField('m', frame.m),
    line,
    eventTime: timestampToMs('E', jsonIntegerField('E', frame.E)),
    receivedAt,
  };
}

function parseJson(text: string): Frame | unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RowError(`not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object') throw new RowError('not a JSON object');
  return value as Frame | unknown[];
}

function symbolField(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Z0-9_]+$/.test(value)) {
    throw new RowError(`symbol s ${JSON.stringify(value) ?? '(missing)'} is not an upper-case symbol`);
  }
  return value;
}

const RECV_TS = /^(\d+)(?:\.(\d+))?$/;

/** recv_ts is unix seconds with a fraction, written as a string. */
function receiveTimeMs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? RECV_TS.exec(value) : null;
  if (match === null) throw new RowError(`recv_ts ${JSON.stringify(value)} is not unix seconds as a decimal string`);
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Number(match[1]) * 1000 + Number(millis);
}
