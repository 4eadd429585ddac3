// Every answer of a running simulator has the shape of the example in
// Binance's documentation (testing/binance-doc-examples.ts): the same keys,
// and the same JSON type for each value (strings for prices and volumes,
// numbers for ids, times and counts, booleans for flags).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator.js';
import * as docs from './testing/binance-doc-examples.js';
import { shapeDifferences } from './testing/json-shape.js';
import { temporaryFile, XRPETH_AGG_TRADES } from './testing/paths.js';
import { TestClient } from './testing/ws-client.js';

const TRADES_CSV = [
  'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match',
  '100,0.00100000,100.00000000,0.10000000,1672515782136,true,true',
  '101,0.00100100,5.00000000,0.00500500,1672515782200,false,true',
].join('\n');

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('simulator answers have the shapes of Binance documentation examples', () => {
  let simulator: Simulator;
  let raw: TestClient;
  let combined: TestClient;

  beforeAll(async () => {
    simulator = await startSimulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true, startPaused: true });
    raw = await TestClient.open(`${simulator.url}/ws/xrpeth@aggTrade`);
    combined = await TestClient.open(`${simulator.url}/stream?streams=xrpeth@aggTrade/xrpeth@kline_1m`);
    simulator.replay.resume();
    await simulator.replay.finished;
    await combined.waitFor(() => combined.frames.some((frame) => frame.includes('"x":true')), 10_000, 'a closed kline');
    simulator.replay.pause();
  }, 60_000);

  afterAll(async () => {
    raw?.close();
    combined?.close();
    await simulator?.close();
  });

  it('aggTrade event (web-socket-streams.md, Aggregate Trade Streams)', () => {
    expect(raw.frames.length).toBeGreaterThan(0);
    for (const frame of raw.json().slice(0, 50)) expect(shapeDifferences(frame, docs.AGG_TRADE_EVENT)).toEqual([]);
  });

  it('combined stream envelope {"stream","data"} around the same payloads', () => {
    for (const envelope of combined.json<Record<string, unknown>>()) {
      expect(Object.keys(envelope)).toEqual(docs.COMBINED_ENVELOPE_KEYS);
      const example = envelope.stream === 'xrpeth@aggTrade' ? docs.AGG_TRADE_EVENT : docs.KLINE_EVENT;
      expect(shapeDifferences(envelope.data, example)).toEqual([]);
    }
  });

  it('kline event (web-socket-streams.md, Kline/Candlestick Streams for UTC), partial and closed', () => {
    const klines = combined.json<{ stream: string; data: { k: { x: boolean } } }>().filter((envelope) => envelope.stream === 'xrpeth@kline_1m');
    expect(klines.some((envelope) => !envelope.data.k.x)).toBe(true);
    expect(klines.some((envelope) => envelope.data.k.x)).toBe(true);
    for (const envelope of klines) expect(shapeDifferences(envelope.data, docs.KLINE_EVENT)).toEqual([]);
  });

  it('serverShutdown event, raw and combined (web-socket-streams.md, Server Shutdown)', async () => {
    const rawClient = await TestClient.open(`${simulator.url}/ws`);
    const combinedClient = await TestClient.open(`${simulator.url}/stream`);
    try {
      simulator.faults.serverShutdown({ graceMs: 5_000 });
      const rawEvent = await rawClient.waitFor(() => rawClient.json()[0]);
      const combinedEvent = await combinedClient.waitFor(() => combinedClient.json()[0]);
      expect(shapeDifferences(rawEvent, docs.SERVER_SHUTDOWN_EVENT)).toEqual([]);
      expect(shapeDifferences(combinedEvent, docs.SERVER_SHUTDOWN_COMBINED)).toEqual([]);
      expect((combinedEvent as { stream: string }).stream).toBe('!serverShutdown');
    } finally {
      rawClient.close();
      combinedClient.close();
    }
  });

  it('SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY and GET_PROPERTY responses', async () => {
    const client = await TestClient.open(`${simulator.url}/ws`);
    try {
      expect(shapeDifferences(await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade', 'btcusdt@depth'], id: 1 }), docs.SUBSCRIBE_RESPONSE)).toEqual([]);
      expect(shapeDifferences(await client.request({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth'], id: 312 }), docs.SUBSCRIBE_RESPONSE)).toEqual([]);
      const list = await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 3 });
      expect(shapeDifferences(list, docs.LIST_SUBSCRIPTIONS_RESPONSE)).toEqual([]);
      expect(list).toEqual(docs.LIST_SUBSCRIPTIONS_RESPONSE);
      expect(shapeDifferences(await client.request({ method: 'SET_PROPERTY', params: ['combined', true], id: 5 }), docs.SUBSCRIBE_RESPONSE)).toEqual([]);
      const property = await client.request({ method: 'GET_PROPERTY', params: ['combined'], id: 2 });
      expect(property).toEqual(docs.GET_PROPERTY_RESPONSE);
    } finally {
      client.close();
    }
  });

  it('error responses carry the code and message of the docs\' error table', async () => {
    const client = await TestClient.open(`${simulator.url}/ws`);
    const cases: Array<[unknown, { code: number; msg: string }]> = [
      [{ method: 'SET_PROPERTY', params: ['speed', true], id: 7 }, docs.STREAM_ERRORS.unknownProperty],
      [{ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 8 }, docs.STREAM_ERRORS.expectedBoolean],
      [{ method: 'GET_PROPERTY', params: [1], id: 9 }, docs.STREAM_ERRORS.propertyNameNotString],
      [{ method: 'LIST_SUBSCRIPTIONS', id: { nested: true } }, docs.STREAM_ERRORS.invalidId],
      [{ method: 'LIST_SUBSCRIPTIONS', params: ['x'], id: 10 }, docs.STREAM_ERRORS.tooManyParameters],
      [{ method: 'SUBSCRIBEX', params: [], id: 11 }, docs.STREAM_ERRORS.unknownMethod],
      [{ params: ['btcusdt@aggTrade'], id: 12 }, docs.STREAM_ERRORS.missingMethod],
      ['{"method": SUBSCRIBE}', docs.STREAM_ERRORS.invalidJson],
    ];
    try {
      for (const [request, expected] of cases) {
        // Within Binance's 5 messages a second.
        await new Promise((resolve) => setTimeout(resolve, 250));
        const from = client.frames.length;
        client.send(request);
        const reply = await client.waitFor(() => client.json<Record<string, unknown>>().slice(from)[0]);
        expect(Object.keys(reply).sort()).toEqual(['error', 'id']);
        const error = reply.error as { code: number; msg: string };
        expect(shapeDifferences(error, expected)).toEqual([]);
        expect(error.code).toBe(expected.code);
        const pattern = new RegExp(`^${expected.msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%s/g, '.+').replace(/line \d+ column \d+/, 'line \\d+ column \\d+')}$`);
        expect(error.msg).toMatch(pattern);
      }
    } finally {
      client.close();
    }
  });

  it('REST ping, time, aggTrades, klines and an error (rest-api.md)', async () => {
    const ping = await getJson(`${simulator.restUrl}/api/v3/ping`);
    expect(ping).toEqual({ status: 200, body: docs.PING_RESPONSE });
    expect(shapeDifferences((await getJson(`${simulator.restUrl}/api/v3/time`)).body, docs.TIME_RESPONSE)).toEqual([]);
    const trades = await getJson(`${simulator.restUrl}/api/v3/aggTrades?symbol=XRPETH&limit=5`);
    expect((trades.body as unknown[]).length).toBe(5);
    expect(shapeDifferences(trades.body, docs.AGG_TRADES_RESPONSE)).toEqual([]);
    const klines = await getJson(`${simulator.restUrl}/api/v3/klines?symbol=XRPETH&interval=1h&limit=5`);
    expect((klines.body as unknown[]).length).toBe(5);
    expect(shapeDifferences(klines.body, docs.KLINES_RESPONSE)).toEqual([]);
    const error = await getJson(`${simulator.restUrl}/api/v3/aggTrades?symbol=BNBBTC`);
    expect(error).toEqual({ status: 400, body: docs.REST_ERROR });
  });

  it('REST exchangeInfo, its rate limit and every filter (rest-api.md, enums.md, filters.md)', async () => {
    const { status, body } = await getJson(`${simulator.restUrl}/api/v3/exchangeInfo`);
    expect(status).toBe(200);
    const info = body as { rateLimits: object[]; symbols: Array<{ filters: Array<{ filterType: string }> } & Record<string, unknown>> };
    const { rateLimits, symbols, ...top } = info;
    const { rateLimits: exampleLimits, symbols: exampleSymbols, ...exampleTop } = docs.EXCHANGE_INFO_RESPONSE;
    expect(shapeDifferences(top, exampleTop)).toEqual([]);
    expect(rateLimits[0]).toEqual(exampleLimits[0]);
    for (const limit of rateLimits) expect(shapeDifferences(limit, exampleLimits[0])).toEqual([]);
    expect(symbols).toHaveLength(1);
    const symbol = symbols[0] as (typeof symbols)[number];
    const { filters, ...fields } = symbol;
    const { filters: _exampleFilters, ...exampleFields } = exampleSymbols[0] as (typeof exampleSymbols)[number];
    expect(shapeDifferences(fields, exampleFields)).toEqual([]);
    expect(fields).toMatchObject({ symbol: 'XRPETH', status: 'TRADING', baseAsset: 'XRP', quoteAsset: 'ETH' });
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      const example = docs.SYMBOL_FILTERS[filter.filterType];
      expect(example, filter.filterType).toBeDefined();
      expect(shapeDifferences(filter, example)).toEqual([]);
    }
  });
});

describe('simulator replaying a raw trades recording', () => {
  it('sends trade events with the shape of web-socket-streams.md, Trade Streams', async () => {
    const file = temporaryFile('BNBBTC-trades-2023-01-01.csv', TRADES_CSV);
    const simulator = await startSimulator({ input: file.path, asFastAsPossible: true, startPaused: true });
    const client = await TestClient.open(`${simulator.url}/ws/bnbbtc@trade`);
    try {
      simulator.replay.resume();
      await client.waitFor(() => client.frames.length >= 2);
      const events = client.json();
      for (const event of events) expect(shapeDifferences(event, docs.TRADE_EVENT)).toEqual([]);
      expect(events[0]).toEqual({ e: 'trade', E: 1672515782136, s: 'BNBBTC', t: 100, p: '0.00100000', q: '100.00000000', T: 1672515782136, m: true, M: true });
      // Aggregates cannot be derived from raw trades honestly: -1020, "This operation is not supported."
      const response = await fetch(`${simulator.restUrl}/api/v3/aggTrades?symbol=BNBBTC`);
      expect(await response.json()).toEqual({ code: -1020, msg: 'This operation is not supported.' });
    } finally {
      client.close();
      await simulator.close();
      file.remove();
    }
  });
});
