// A stream connection against a real simulator: live subscriptions, the
// combined property, microsecond times, and the limits Binance enforces
// (5 incoming messages a second, streams per connection, pong deadline,
// connection lifetime), each shrunk so the test stays fast.
import { describe, expect, it } from 'vitest';
import { XRPETH_AGG_TRADES } from './testing/paths.js';
import { testResources } from './testing/test-resources.js';
import { TestClient } from './testing/ws-client.js';

const { simulator, client } = testResources({ input: XRPETH_AGG_TRADES, asFastAsPossible: true });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live subscriptions', () => {
  it('lists URL and live streams, delivers newly subscribed streams, and stops after UNSUBSCRIBE', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws/xrpeth@kline_1m`);
    expect(await ws.request({ method: 'SUBSCRIBE', params: ['xrpeth@aggTrade', 'btcusdt@depth'], id: 1 })).toEqual({ result: null, id: 1 });
    expect(await ws.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 })).toEqual({ result: ['xrpeth@kline_1m', 'xrpeth@aggTrade', 'btcusdt@depth'], id: 2 });
    expect(await ws.request({ method: 'UNSUBSCRIBE', params: ['xrpeth@kline_1m', 'btcusdt@depth'], id: 3 })).toEqual({ result: null, id: 3 });
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.frames.length >= 3 + 12_477, 20_000, 'every aggTrade');
    const events = ws.json<{ e?: string }>().slice(3);
    expect(events.every((event) => event.e === 'aggTrade')).toBe(true);
  });

  it('switches to the combined envelope with SET_PROPERTY and reports it with GET_PROPERTY', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    expect(await ws.request({ method: 'GET_PROPERTY', params: ['combined'], id: 1 })).toEqual({ result: false, id: 1 });
    expect(await ws.request({ method: 'SET_PROPERTY', params: ['combined', true], id: 2 })).toEqual({ result: null, id: 2 });
    expect(await ws.request({ method: 'GET_PROPERTY', params: ['combined'], id: 3 })).toEqual({ result: true, id: 3 });
    sim.replay.resume();
    const first = await ws.waitFor(() => ws.json<Record<string, unknown>>().find((frame) => 'stream' in frame));
    expect(first).toMatchObject({ stream: 'xrpeth@aggTrade', data: { e: 'aggTrade', a: 13519807 } });
  });

  it('sends nothing on a well-formed stream of a symbol it does not list (upper case included)', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/stream?streams=XRPETH@aggTrade/btcusdt@aggTrade`);
    sim.replay.resume();
    await sim.replay.finished;
    await pause(200);
    expect(ws.frames).toEqual([]);
  });

  it('writes every time in microseconds with timeUnit=MICROSECOND', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade?timeUnit=MICROSECOND`);
    sim.replay.resume();
    const [event] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<{ E: number; T: number }>() : undefined));
    expect(event).toMatchObject({ E: 1570752011620000, T: 1570752011620000 });
  });

  it('refuses an invalid stream name in the URL with HTTP 400 and an unknown path with 404', async () => {
    const sim = await simulator();
    await expect(TestClient.open(`${sim.url}/ws/xrpeth@nonsense`)).rejects.toThrow('HTTP 400');
    await expect(TestClient.open(`${sim.url}/other`)).rejects.toThrow('HTTP 404');
  });
});

describe('limits', () => {
  it('disconnects a client sending more than 5 messages a second (close 1008 "Too many requests")', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws`);
    for (let id = 1; id <= 5; id++) ws.send({ method: 'LIST_SUBSCRIPTIONS', id });
    await ws.waitFor(() => ws.frames.length === 5);
    expect(ws.closed).toBeUndefined();
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 6 });
    expect(await ws.waitForClose()).toEqual({ code: 1008, reason: 'Too many requests' });
    expect(ws.frames).toHaveLength(5);
  });

  it('counts pings from the client as messages too', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws`);
    for (let i = 0; i < 6; i++) ws.ws.ping();
    expect(await ws.waitForClose()).toEqual({ code: 1008, reason: 'Too many requests' });
  });

  it('allows 5 messages in every second, indefinitely', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws`);
    for (let id = 1; id <= 10; id++) {
      ws.send({ method: 'LIST_SUBSCRIPTIONS', id });
      await pause(210);
    }
    await ws.waitFor(() => ws.frames.length === 10);
    expect(ws.closed).toBeUndefined();
  });

  it('disconnects a connection going past its stream limit, by SUBSCRIBE or in the URL', async () => {
    const sim = await simulator({ ws: { maxStreamsPerConnection: 3 } });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    expect(await ws.request({ method: 'SUBSCRIBE', params: ['a@trade', 'b@trade'], id: 1 })).toEqual({ result: null, id: 1 });
    expect(await ws.request({ method: 'SUBSCRIBE', params: ['a@trade'], id: 2 })).toEqual({ result: null, id: 2 });
    ws.send({ method: 'SUBSCRIBE', params: ['c@trade'], id: 3 });
    expect(await ws.waitForClose()).toEqual({ code: 1008, reason: 'Too many streams' });
    const crowded = await client(`${sim.url}/stream?streams=a@trade/b@trade/c@trade/d@trade`);
    expect(await crowded.waitForClose()).toEqual({ code: 1008, reason: 'Too many streams' });
  });

  it('pings on schedule and keeps a client that answers', async () => {
    // Pongs count against the 5 messages a second, so pings come at most 4 a second here.
    const sim = await simulator({ ws: { pingIntervalMs: 250, pongTimeoutMs: 600 } });
    const ws = await client(`${sim.url}/ws`);
    await ws.waitFor(() => ws.pings.length >= 6, 3_000, 'six pings');
    expect(ws.closed).toBeUndefined();
    expect(new Set(ws.pings.map(String)).size).toBe(ws.pings.length);
  });

  it('disconnects a client that does not answer a ping within the pong timeout', async () => {
    const sim = await simulator({ ws: { pingIntervalMs: 100, pongTimeoutMs: 300 } });
    const ws = await client(`${sim.url}/ws`, { autoPong: false });
    const started = Date.now();
    const closed = await ws.waitForClose(3_000);
    expect(closed.code).toBe(1006);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('does not count an unsolicited pong (other payload) as an answer', async () => {
    const sim = await simulator({ ws: { pingIntervalMs: 100, pongTimeoutMs: 400 } });
    const ws = await client(`${sim.url}/ws`, { autoPong: false });
    const timer = setInterval(() => ws.ws.pong('unsolicited'), 250);
    try {
      expect((await ws.waitForClose(3_000)).code).toBe(1006);
    } finally {
      clearInterval(timer);
    }
  });

  it('closes a connection at the end of its lifetime (1001)', async () => {
    const sim = await simulator({ ws: { connectionLifetimeMs: 300 } });
    const ws = await client(`${sim.url}/ws`);
    const started = Date.now();
    expect(await ws.waitForClose(3_000)).toEqual({ code: 1001, reason: 'Connection lifetime ended' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
