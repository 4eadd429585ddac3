import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Trade } from '../../../common/candles/trade.js';
import { silentLogger } from '../../../common/log/index.js';
import type { FeedSettings } from '../feed/realtime-feed.js';
import { wsSocketOpener } from '../feed/ws-socket.js';
import { eventually, LocalWsServer, type ServerConnection } from '../testing/local-ws-server.js';
import type { Rejected } from './aggtrade-mapper.js';
import { aggTradeStream, BinanceFeed, splitStreams } from './binance-feed.js';

const SETTINGS: FeedSettings = {
  streamsPerConnection: 1024,
  backoff: { initialDelayMs: 20, maxDelayMs: 100 },
  staleAfterMs: 30_000,
  maxConnectionAgeMs: 3_600_000,
  liveTimeoutMs: 10_000,
  stableAfterMs: 10_000,
};

const frame = (symbol: string, id: number) =>
  JSON.stringify({ stream: aggTradeStream(symbol), data: { e: 'aggTrade', E: 1_700_000_000_000 + id, s: symbol, a: id, p: '0.00141342', q: '23.00000000', f: id * 2, l: id * 2 + 1, T: 1_700_000_000_000 + id, m: true, M: true } });

let server: LocalWsServer;
let feed: BinanceFeed | undefined;
const trades: Trade[] = [];
const rejected: Rejected[] = [];
const reconnects: string[] = [];
const rotations: string[] = [];

beforeEach(async () => {
  server = await LocalWsServer.start();
  trades.length = 0;
  rejected.length = 0;
  reconnects.length = 0;
  rotations.length = 0;
});

afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  await server.close();
});

function startFeed(streams: readonly string[]): BinanceFeed {
  feed = new BinanceFeed(
    `${server.url}/`,
    SETTINGS,
    {
      openSocket: wsSocketOpener({ handshakeTimeoutMs: 2_000, closeTimeoutMs: 500 }),
      logger: silentLogger(),
      metrics: { reconnect: (reason) => reconnects.push(reason), rotation: (reason) => rotations.push(reason), liveConnections: () => undefined },
      random: () => 0.5,
    },
    { trade: (trade) => trades.push(trade), rejected: (_raw, rejection) => rejected.push(rejection) },
  );
  feed.start(streams);
  return feed;
}

/** Answers every SUBSCRIBE with `{"result": null, "id": <id>}`, as Binance does. */
function acknowledgeSubscribes(connection: ServerConnection, times: number[] = []): void {
  const answer = (text: string, at: number) => {
    const request = JSON.parse(text) as { method: string; id: number };
    times.push(at);
    if (request.method === 'SUBSCRIBE') connection.socket.send(JSON.stringify({ result: null, id: request.id }));
  };
  // Requests that arrived before the test got hold of the connection.
  connection.received.forEach((text, index) => answer(text, connection.receivedAt[index] ?? Date.now()));
  connection.onMessage = (text) => answer(text, Date.now());
}

describe('BinanceFeed', () => {
  it('puts a few streams in the combined-stream URL and is live at once', async () => {
    const live = startFeed(['BTCUSDT', 'XRPETH'].map(aggTradeStream));
    const connection = await server.waitForConnections(1);
    expect(connection.path).toBe('/stream?streams=btcusdt@aggTrade/xrpeth@aggTrade');
    await eventually(() => live.live);
    expect(connection.received).toEqual([]);
  });

  it('hands trades to the sink, malformed frames to the dead letters, and ignores other events', async () => {
    const live = startFeed([aggTradeStream('XRPETH')]);
    const connection = await server.waitForConnections(1);
    await eventually(() => live.live);
    connection.socket.send(frame('XRPETH', 7));
    connection.socket.send('{"stream":"xrpeth@aggTrade","data":{"e":"aggTrade","E":1,"s":"XRPETH","a":"8"');
    connection.socket.send(JSON.stringify({ stream: 'xrpeth@kline_1m', data: { e: 'kline', E: 1, s: 'XRPETH', k: {} } }));
    connection.socket.send(frame('XRPETH', 8));
    await eventually(() => trades.length === 2);
    expect(trades.map((trade) => trade.aggregateId)).toEqual([7, 8]);
    expect(trades[0]).toMatchObject({ symbol: 'XRPETH', price: '0.00141342', quantity: '23.00000000', firstTradeId: 14, lastTradeId: 15 });
    expect(rejected.map((rejection) => rejection.reason)).toEqual(['malformed-json']);
  });

  it('subscribes the streams that do not fit the URL, paced under Binance limit, and goes live on the last answer', async () => {
    const streams = Array.from({ length: 400 }, (_, i) => aggTradeStream(`SYM${String(i).padStart(4, '0')}USDT`));
    const { inUrl, subscribed } = splitStreams(streams);
    expect(inUrl.join('/').length).toBeLessThanOrEqual(1_500);
    const live = startFeed(streams);
    const connection = await server.waitForConnections(1);
    const times: number[] = [];
    acknowledgeSubscribes(connection, times);
    expect(connection.path).toBe(`/stream?streams=${inUrl.join('/')}`);
    expect(live.live).toBe(false);
    await eventually(() => live.live, 5_000);
    const requests = connection.received.map((text) => JSON.parse(text) as { method: string; params: string[] });
    expect(requests.every((request) => request.method === 'SUBSCRIBE')).toBe(true);
    expect(requests.flatMap((request) => request.params)).toEqual(subscribed);
    expect(requests.length).toBe(Math.ceil(subscribed.length / 100));
    // At most 3 requests in any second: the 4th waits for the first to leave the window.
    expect((times[3] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('starts over on a fresh connection when Binance refuses a SUBSCRIBE', async () => {
    const streams = Array.from({ length: 200 }, (_, i) => aggTradeStream(`SYM${String(i).padStart(4, '0')}USDT`));
    const live = startFeed(streams);
    const first = await server.waitForConnections(1);
    const refuse = (text: string) => {
      const { id } = JSON.parse(text) as { id: number };
      first.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: too many parameters' }, id }));
    };
    first.received.forEach(refuse);
    first.onMessage = refuse;
    const second = await server.waitForConnections(2);
    acknowledgeSubscribes(second);
    await eventually(() => live.live);
    expect(reconnects).toEqual(['request-failed']);
  });

  it('moves to a new connection on serverShutdown and closes the old one once the new one is live', async () => {
    const live = startFeed([aggTradeStream('XRPETH')]);
    const old = await server.waitForConnections(1);
    await eventually(() => live.live);
    const oldClosed = new Promise<number>((resolve) => old.socket.once('close', (code: number) => resolve(code)));
    old.socket.send(JSON.stringify({ stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1770123456789 } }));
    const fresh = await server.waitForConnections(2);
    expect(fresh.path).toBe(old.path);
    expect(await oldClosed).toBe(1000);
    expect(live.live).toBe(true);
    expect(rotations).toEqual(['server-shutdown']);
    expect(reconnects).toEqual([]);
  });

  it('reconnects after the server drops the connection', async () => {
    const live = startFeed([aggTradeStream('XRPETH')]);
    const first = await server.waitForConnections(1);
    await eventually(() => live.live);
    first.socket.terminate();
    await server.waitForConnections(2);
    await eventually(() => live.live);
    expect(reconnects).toEqual(['connection-lost']);
  });

  it('refuses more streams per connection than Binance allows', () => {
    expect(() => startFeed([])).toThrow('at least one stream');
    expect(
      () =>
        new BinanceFeed(server.url, { ...SETTINGS, streamsPerConnection: 1025 }, { openSocket: wsSocketOpener({ handshakeTimeoutMs: 1, closeTimeoutMs: 1 }), logger: silentLogger(), metrics: { reconnect: () => 0, rotation: () => 0, liveConnections: () => 0 } }, {
          trade: () => undefined,
          rejected: () => undefined,
        }),
    ).toThrow('at most 1024 streams per connection');
  });
});
