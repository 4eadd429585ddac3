// Each fault does what it says, on a real simulator, through the API and
// through the control endpoint, in bounded time.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type Simulator } from './simulator.js';
import { XRPETH_AGG_TRADES } from './testing/paths.js';
import { testResources } from './testing/test-resources.js';

const { simulator, client } = testResources({ input: XRPETH_AGG_TRADES, asFastAsPossible: true });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function control(sim: Simulator, action: string, body?: unknown, method = 'POST'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.restUrl}/__control/${action}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Upgrade outcome without the test client's bookkeeping: the HTTP status of a refusal, or 'error' for a reset. */
function tryConnect(url: string): Promise<number | 'open' | 'error'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve('error'));
  });
}

describe('drop', () => {
  it('cuts every connection abruptly (no close frame), or with close 1001 when asked', async () => {
    const sim = await simulator();
    const [a, b] = [await client(`${sim.url}/ws`), await client(`${sim.url}/stream`)];
    expect(sim.faults.dropConnections()).toBe(2);
    expect((await a.waitForClose()).code).toBe(1006);
    expect((await b.waitForClose()).code).toBe(1006);
    const c = await client(`${sim.url}/ws`);
    expect(await control(sim, 'drop', { abrupt: false })).toEqual({ status: 200, body: { dropped: 1 } });
    expect(await c.waitForClose()).toEqual({ code: 1001, reason: 'Connection dropped' });
  });

  it('drops every connection periodically when started with dropEveryMs', async () => {
    const sim = await simulator({ faults: { dropEveryMs: 200 } });
    const first = await client(`${sim.url}/ws`);
    expect((await first.waitForClose(2_000)).code).toBe(1006);
    const second = await client(`${sim.url}/ws`);
    expect((await second.waitForClose(2_000)).code).toBe(1006);
  });
});

describe('delay', () => {
  it('applies delayMs from the start', async () => {
    const sim = await simulator({ faults: { delayMs: 200 } });
    expect(sim.faults.state()).toMatchObject({ delayMs: 200 });
    sim.faults.clear();
    expect(sim.faults.state()).toEqual({ delayMs: 0, stalledUntil: 0, refusingUntil: 0, refuseMode: 'http-503' });
  });

  it('delays every frame by the given time, keeping their order, until lifted', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    sim.faults.delayFrames(300);
    const started = Date.now();
    expect(await ws.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 }, 3_000)).toEqual({ result: ['xrpeth@aggTrade'], id: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    sim.replay.resume();
    await pause(100);
    expect(ws.frames).toHaveLength(1);
    expect(await control(sim, 'delay', { ms: 0 })).toMatchObject({ status: 200, body: { delayMs: 0 } });
    await sim.replay.finished;
    await ws.waitFor(() => ws.frames.length === 1 + 12_477, 20_000, 'every trade');
    const ids = ws.json<{ a: number }>().slice(1).map((event) => event.a);
    expect(ids.every((id, index) => index === 0 || id === (ids[index - 1] as number) + 1)).toBe(true);
  });
});

describe('serverShutdown', () => {
  it('sends the serverShutdown event, keeps streaming through the grace, then closes with 1001', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    const started = Date.now();
    expect(sim.faults.serverShutdown({ graceMs: 300 })).toBe(1);
    const [event] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<{ e: string; E: number }>() : undefined));
    expect(event).toEqual({ e: 'serverShutdown', E: sim.replay.now() });
    sim.replay.resume();
    await ws.waitFor(() => ws.frames.length > 1, 2_000, 'trades during the grace');
    expect(await ws.waitForClose(2_000)).toEqual({ code: 1001, reason: 'Server shutdown' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // A new connection is served (the client's replacement).
    const next = await client(`${sim.url}/ws`);
    expect(next.closed).toBeUndefined();
  });

  it('repeats on a timer when started with shutdownEveryMs', async () => {
    const sim = await simulator({ faults: { shutdownEveryMs: 200, shutdownGraceMs: 50 } });
    for (let round = 0; round < 2; round++) {
      const ws = await client(`${sim.url}/ws`);
      expect(await ws.waitForClose(2_000)).toEqual({ code: 1001, reason: 'Server shutdown' });
      expect(ws.json()).toEqual([{ e: 'serverShutdown', E: sim.replay.now() }]);
    }
  });

  it('is available on the control endpoint', async () => {
    const sim = await simulator();
    const ws = await client(`${sim.url}/stream`);
    expect(await control(sim, 'server-shutdown', { graceMs: 50 })).toEqual({ status: 200, body: { notified: 1 } });
    expect((await ws.waitForClose()).code).toBe(1001);
    expect(ws.json()[0]).toMatchObject({ stream: '!serverShutdown', data: { e: 'serverShutdown' } });
  });
});

describe('malformed frames', () => {
  it('sends cut-off JSON and wrong field types on the subscribed trade streams only', async () => {
    const sim = await simulator();
    sim.replay.resume();
    await sim.replay.finished;
    // A frozen clock, so the event time below is known.
    sim.replay.pause();
    const raw = await client(`${sim.url}/ws/xrpeth@aggTrade/xrpeth@kline_1m`);
    const combined = await client(`${sim.url}/stream?streams=xrpeth@aggTrade`);
    const idle = await client(`${sim.url}/ws/btcusdt@aggTrade`);
    expect(sim.faults.sendMalformed('invalid-json', { count: 2 })).toBe(4);
    expect(sim.faults.sendMalformed('wrong-types')).toBe(2);
    await raw.waitFor(() => raw.frames.length === 3);
    await combined.waitFor(() => combined.frames.length === 3);
    for (const ws of [raw, combined]) {
      for (const frame of ws.frames.slice(0, 2)) expect(() => JSON.parse(frame)).toThrow();
    }
    expect(JSON.parse(raw.frames[2] as string)).toEqual({
      e: 'aggTrade', E: String(sim.replay.now()), s: 'XRPETH', a: '13532283', p: 0.00152787, q: 130, T: '1570965568844', m: 'true', M: true, f: '15388189', l: '15388189',
    });
    expect(JSON.parse(combined.frames[2] as string)).toMatchObject({ stream: 'xrpeth@aggTrade', data: { e: 'aggTrade', a: '13532283' } });
    expect(raw.frames[0]?.startsWith('{"e":"aggTrade"')).toBe(true);
    expect(combined.frames[0]?.startsWith('{"stream":"xrpeth@aggTrade","data":{"e":"aggTrade"')).toBe(true);
    expect(idle.frames).toEqual([]);
    expect(await control(sim, 'malformed', { kind: 'wrong-types', symbol: 'BTCUSDT' })).toEqual({ status: 200, body: { sent: 0 } });
  });

  it('slips one malformed frame in after every n-th trade with malformedEvery, never in place of a trade', async () => {
    const sim = await simulator({ faults: { malformedEvery: 1000 } });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.frames.length === 12_477 + 12, 20_000, 'trades and malformed frames');
    const good: Array<{ a: unknown }> = [];
    let bad = 0;
    for (const frame of ws.frames) {
      try {
        const event = JSON.parse(frame) as { a: unknown };
        if (typeof event.a === 'number') good.push(event);
        else bad++;
      } catch {
        bad++;
      }
    }
    expect(bad).toBe(12);
    expect(good.map((event) => event.a)).toEqual(Array.from({ length: 12_477 }, (_, index) => 13_519_807 + index));
  });
});

describe('refuse', () => {
  it('answers upgrades with HTTP 503 for the given time, then accepts again; open connections stay', async () => {
    const sim = await simulator();
    const existing = await client(`${sim.url}/ws`);
    sim.faults.refuseConnections(400);
    expect(await tryConnect(`${sim.url}/ws`)).toBe(503);
    expect((await fetch(`${sim.restUrl}/api/v3/ping`)).status).toBe(200);
    await pause(450);
    expect(await tryConnect(`${sim.url}/ws`)).toBe('open');
    expect(existing.closed).toBeUndefined();
  });

  it('resets the TCP connection in reset mode, and refuses from the start with refuseForMs', async () => {
    const sim = await simulator({ faults: { refuseForMs: 300 } });
    expect(await tryConnect(`${sim.url}/ws`)).toBe(503);
    expect(await control(sim, 'refuse', { ms: 300, mode: 'reset' })).toMatchObject({ status: 200, body: { refuseMode: 'reset' } });
    expect(await tryConnect(`${sim.url}/ws`)).toBe('error');
    await control(sim, 'clear');
    expect(await tryConnect(`${sim.url}/ws`)).toBe('open');
  });
});

describe('stall', () => {
  it('sends nothing (frames nor pings) while stalled, without closing; frames due meanwhile are lost', async () => {
    const sim = await simulator({ asFastAsPossible: false, speed: 100_000, ws: { pingIntervalMs: 250 } });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    sim.replay.resume();
    await ws.waitFor(() => ws.frames.length > 100, 5_000, 'trades before the stall');
    sim.faults.stall(700);
    // Frames written before the stall may still be on their way (a turn's
    // frames leave in one write): let them land before counting.
    await pause(100);
    const before = ws.frames.length;
    const pingsBefore = ws.pings.length;
    await pause(550);
    expect(ws.frames.length).toBe(before);
    expect(ws.pings.length).toBe(pingsBefore);
    expect(ws.closed).toBeUndefined();
    await sim.replay.finished;
    await pause(300);
    const ids = ws.json<{ a: number }>().map((event) => event.a);
    const gaps = ids.filter((id, index) => index > 0 && id !== (ids[index - 1] as number) + 1);
    expect(gaps.length).toBe(1);
    expect(ids.length).toBeLessThan(12_477);
    expect(ws.closed).toBeUndefined();
    // REST still has every trade the stall hid from the stream.
    const response = await fetch(`${sim.restUrl}/api/v3/aggTrades?symbol=XRPETH&fromId=${(ids[before - 1] as number) + 1}&limit=5`);
    expect(((await response.json()) as Array<{ a: number }>)[0]?.a).toBe((ids[before - 1] as number) + 1);
  });
});

describe('control endpoint', () => {
  it('reports state, pauses and resumes the replay, and rejects bad requests', async () => {
    const sim = await simulator();
    expect(await control(sim, 'state', undefined, 'GET')).toMatchObject({ status: 200, body: { faults: { delayMs: 0 }, replay: { paused: true, published: 0 } } });
    expect(await control(sim, 'resume')).toMatchObject({ status: 200, body: { paused: false } });
    await sim.replay.finished;
    expect(await control(sim, 'pause')).toMatchObject({ status: 200, body: { paused: true, published: 12_477 } });
    expect(await control(sim, 'stall', { ms: 'long' })).toEqual({ status: 400, body: { error: 'ms must be a number' } });
    expect(await control(sim, 'malformed', { kind: 'garbage' })).toEqual({ status: 400, body: { error: 'kind must be invalid-json or wrong-types' } });
    expect(await control(sim, 'delay', { ms: -1 })).toEqual({ status: 400, body: { error: 'delay must be a finite number >= 0, got -1' } });
    expect((await control(sim, 'explode')).status).toBe(404);
    expect((await control(sim, 'drop', undefined, 'GET')).status).toBe(405);
    const invalidJson = await fetch(`${sim.restUrl}/__control/stall`, { method: 'POST', body: '{' });
    expect(invalidJson.status).toBe(400);
  });
});
