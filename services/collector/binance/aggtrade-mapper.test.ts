import { describe, expect, it } from 'vitest';
import { decodeTrade } from '../../../common/serde/index.js';
import { encodeBinanceTrade, parseFrame, parseRestAggTrade, type BinanceFrame } from './aggtrade-mapper.js';

// The payload example of "Aggregate Trade Streams" in binance-spot-api-docs web-socket-streams.md.
const DOC_AGG_TRADE = {
  e: 'aggTrade',
  E: 1672515782136,
  s: 'BNBBTC',
  a: 12345,
  p: '0.001',
  q: '100',
  f: 100,
  l: 105,
  T: 1672515782136,
  m: true,
  M: true,
};

// The response example of GET /api/v3/aggTrades in rest-api.md.
const DOC_REST_ROW = { a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true, M: true };

const docTrade = {
  symbol: 'BNBBTC',
  aggregateId: 12345,
  firstTradeId: 100,
  lastTradeId: 105,
  price: '0.001',
  quantity: '100',
  time: 1672515782136,
  buyerIsMaker: true,
};

function invalid(frame: BinanceFrame): { reason: string; detail: string } {
  if (frame.kind !== 'invalid') throw new Error(`expected an invalid frame, got ${frame.kind}`);
  return { reason: frame.reason, detail: frame.detail };
}

describe('parseFrame: aggTrade', () => {
  it('maps the documented raw-stream payload', () => {
    expect(parseFrame(JSON.stringify(DOC_AGG_TRADE))).toEqual({ kind: 'trade', trade: docTrade, eventTime: 1672515782136 });
  });

  it('unwraps the combined-stream envelope', () => {
    const frame = parseFrame(JSON.stringify({ stream: 'bnbbtc@aggTrade', data: DOC_AGG_TRADE }));
    expect(frame).toEqual({ kind: 'trade', trade: docTrade, eventTime: 1672515782136 });
  });

  it('keeps price and quantity strings exactly, trailing zeros included', () => {
    const frame = parseFrame(JSON.stringify({ ...DOC_AGG_TRADE, p: '0.00141342', q: '23.00000000' }));
    expect(frame.kind === 'trade' && [frame.trade.price, frame.trade.quantity]).toEqual(['0.00141342', '23.00000000']);
  });

  it.each([
    ['a float id', { a: 1.5 }, 'aggTrade a is 1.5, not a trade id'],
    ['a negative first id', { f: -1 }, 'aggTrade f is -1, not a trade id'],
    ['an id as a string', { l: '105' }, 'aggTrade l is "105", not a trade id'],
    ['an id beyond 2^53', { a: 2 ** 60 }, 'not a trade id'],
    ['a missing trade time', { T: undefined }, 'aggTrade trade time T is missing'],
    ['a price as a number', { p: 0.001 }, 'aggTrade price p and quantity q must be strings'],
    ['a missing maker flag', { m: undefined }, 'aggTrade m is missing, not a boolean'],
    ['a missing symbol', { s: undefined }, 'aggTrade symbol s is missing'],
    ['a missing event time', { E: undefined }, 'aggTrade event time E is missing'],
  ])('rejects %s as invalid-shape', (_name, override, detail) => {
    const rejected = invalid(parseFrame(JSON.stringify({ ...DOC_AGG_TRADE, ...override })));
    expect(rejected.reason).toBe('invalid-shape');
    expect(rejected.detail).toContain(detail);
  });

  it('names the symbol of a rejected trade, for the DLQ key', () => {
    expect(parseFrame(JSON.stringify({ ...DOC_AGG_TRADE, a: 'x' }))).toMatchObject({ kind: 'invalid', symbol: 'BNBBTC' });
  });
});

describe('parseFrame: control and other frames', () => {
  it('recognises serverShutdown, raw and combined (web-socket-streams.md "Server Shutdown")', () => {
    const event = { e: 'serverShutdown', E: 1770123456789 };
    expect(parseFrame(JSON.stringify(event))).toEqual({ kind: 'server-shutdown', eventTime: 1770123456789 });
    expect(parseFrame(JSON.stringify({ stream: '!serverShutdown', data: event }))).toEqual({
      kind: 'server-shutdown',
      eventTime: 1770123456789,
    });
  });

  it('recognises request responses', () => {
    expect(parseFrame('{"result": null, "id": 1}')).toEqual({ kind: 'response', id: 1, result: null });
    expect(parseFrame('{"result": ["btcusdt@aggTrade"], "id": 3}')).toEqual({ kind: 'response', id: 3, result: ['btcusdt@aggTrade'] });
  });

  it('recognises both error shapes', () => {
    expect(parseFrame('{"code": 0, "msg": "Unknown property","id": 5}')).toEqual({ kind: 'error', id: 5, code: 0, message: 'Unknown property' });
    expect(parseFrame('{"error": {"code": 2, "msg": "Invalid request: too many parameters"}, "id": null}')).toEqual({
      kind: 'error',
      id: null,
      code: 2,
      message: 'Invalid request: too many parameters',
    });
  });

  it('passes over other well-formed events', () => {
    expect(parseFrame(JSON.stringify({ stream: 'bnbbtc@kline_1m', data: { e: 'kline', E: 1, s: 'BNBBTC', k: {} } }))).toEqual({
      kind: 'other',
      event: 'kline',
    });
  });

  it.each([
    ['truncated JSON', '{"e":"aggTrade","s":"BN', 'malformed-json'],
    ['plain text', 'hello', 'malformed-json'],
    ['a JSON array', '[1,2]', 'invalid-shape'],
    ['a JSON number', '42', 'invalid-shape'],
    ['an object of nothing known', '{"foo": 1}', 'invalid-shape'],
    ['combined data that is not an object', '{"stream":"x","data":"y"}', 'invalid-shape'],
    ['an event without a type', '{"e": "", "E": 1}', 'invalid-shape'],
    ['a serverShutdown without time', '{"e": "serverShutdown"}', 'invalid-shape'],
  ])('rejects %s', (_name, text, reason) => {
    expect(invalid(parseFrame(text)).reason).toBe(reason);
  });
});

describe('parseRestAggTrade', () => {
  it('maps the documented row', () => {
    expect(parseRestAggTrade('ETHBTC', DOC_REST_ROW)).toEqual({
      symbol: 'ETHBTC',
      aggregateId: 26129,
      firstTradeId: 27781,
      lastTradeId: 27781,
      price: '0.01633102',
      quantity: '4.70443515',
      time: 1498793709153,
      buyerIsMaker: true,
    });
  });

  it('rejects a malformed row', () => {
    expect(parseRestAggTrade('ETHBTC', { ...DOC_REST_ROW, a: null })).toMatchObject({ kind: 'invalid', reason: 'invalid-shape', symbol: 'ETHBTC' });
    expect(parseRestAggTrade('ETHBTC', 'row')).toMatchObject({ kind: 'invalid', reason: 'invalid-shape' });
  });
});

describe('encodeBinanceTrade', () => {
  it('produces a wick.v1.Trade keyed to binance with the receive time', () => {
    const bytes = encodeBinanceTrade(docTrade, 1672515782140);
    if (!(bytes instanceof Uint8Array)) throw new Error(bytes.detail);
    const message = decodeTrade(bytes);
    expect(message).toMatchObject({
      exchange: 'binance',
      symbol: 'BNBBTC',
      aggregateTradeId: 12345n,
      firstTradeId: 100n,
      lastTradeId: 105n,
      price: '0.001',
      quantity: '100',
      tradeTime: 1672515782136n,
      buyerIsMaker: true,
      receiveTime: 1672515782140n,
    });
  });

  it.each([
    ['a price that is not a plain decimal', { price: '1e-3' }, 'wick.v1.Trade.price'],
    ['a zero quantity', { quantity: '0.000' }, 'wick.v1.Trade.quantity'],
    ['a lower-case symbol', { symbol: 'bnbbtc' }, 'wick.v1.Trade.symbol'],
    ['first id after last id', { firstTradeId: 106 }, 'wick.v1.Trade.first_trade_id'],
  ])('rejects %s as invalid-field', (_name, override, field) => {
    const result = encodeBinanceTrade({ ...docTrade, ...override }, 1672515782140);
    expect(result).toMatchObject({ kind: 'invalid', reason: 'invalid-field' });
    expect(!(result instanceof Uint8Array) && result.detail).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
  });
});
