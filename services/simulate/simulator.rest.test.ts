// The REST side of a running simulator: only published trades are
// visible, parameters combine and fail as Binance documents, klines follow
// timeZone, and the request-weight limit answers 429 with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAggTradesCsv } from '../../common/candles/testing/binance-data.js';
import { startSimulator, type Simulator } from './simulator.js';
import { XRPETH_AGG_TRADES } from './testing/paths.js';
import { TestClient } from './testing/ws-client.js';

interface AggTrade {
  readonly a: number;
  readonly T: number;
}

type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

const recorded = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');
const FIRST_ID = 13_519_807;
const LAST_ID = 13_532_283;

async function get(sim: Simulator, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${sim.restUrl}${path}`, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('REST over a finished replay', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true });
    await sim.replay.finished;
    sim.replay.pause();
  });

  afterAll(async () => {
    await sim?.close();
  });

  const ids = async (query: string) => ((await get(sim, `/api/v3/aggTrades?symbol=XRPETH&${query}`)).body as AggTrade[]).map((trade) => trade.a);

  it('aggTrades: most recent without selection (default limit 500), from an id, by time, newest before endTime', async () => {
    const recent = await ids('');
    expect(recent).toHaveLength(500);
    expect(recent.at(-1)).toBe(LAST_ID);
    expect(await ids('limit=3')).toEqual([LAST_ID - 2, LAST_ID - 1, LAST_ID]);
    expect(await ids(`fromId=${FIRST_ID + 10}&limit=2`)).toEqual([FIRST_ID + 10, FIRST_ID + 11]);
    expect(await ids(`fromId=${LAST_ID + 1}`)).toEqual([]);
    const t = recorded[100]?.time as number;
    const fromTime = await ids(`startTime=${t}&limit=1000`);
    expect(fromTime[0]).toBe(recorded.find((trade) => trade.time >= t)?.aggregateId);
    expect(fromTime).toHaveLength(1000);
    const untilTime = await ids(`endTime=${t}&limit=5`);
    expect(untilTime.at(-1)).toBe(recorded.filter((trade) => trade.time <= t).at(-1)?.aggregateId);
    expect(untilTime).toHaveLength(5);
    const between = await ids(`startTime=${t}&endTime=${t + 60_000}&limit=1000`);
    expect(between).toEqual(recorded.filter((trade) => trade.time >= t && trade.time <= t + 60_000).map((trade) => trade.aggregateId));
    expect(await ids(`startTime=${t}&endTime=${t - 1}`)).toEqual([]);
    // Timestamps may be given in microseconds.
    expect(await ids(`startTime=${t}000&limit=1`)).toEqual(fromTime.slice(0, 1));
  });

  it('aggTrades: Binance errors for bad parameters', async () => {
    const cases: Array<[string, number, { code: number; msg: string }]> = [
      ['', 400, { code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." }],
      ['symbol=xrpeth', 400, { code: -1100, msg: "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'." }],
      ['symbol=BTCUSDT', 400, { code: -1121, msg: 'Invalid symbol.' }],
      ['symbol=XRPETH&fromId=abc', 400, { code: -1100, msg: "Illegal characters found in parameter 'fromId'; legal range is '^[0-9]{1,20}$'." }],
      ['symbol=XRPETH&fromId=1&startTime=1', 400, { code: -1128, msg: 'Combination of optional parameters invalid.' }],
      ['symbol=XRPETH&fromId=1&endTime=1', 400, { code: -1128, msg: 'Combination of optional parameters invalid.' }],
      ['symbol=XRPETH&limit=1001', 400, { code: -1130, msg: "Data sent for parameter 'limit' is not valid." }],
      ['symbol=XRPETH&limit=0', 400, { code: -1130, msg: "Data sent for parameter 'limit' is not valid." }],
      ['symbol=XRPETH&limit=', 400, { code: -1105, msg: "Parameter 'limit' was empty." }],
      ['symbol=XRPETH&symbol=XRPETH', 400, { code: -1101, msg: 'Duplicate values for a parameter detected.' }],
    ];
    for (const [query, status, body] of cases) {
      expect(await get(sim, `/api/v3/aggTrades?${query}`), query).toMatchObject({ status, body });
    }
  });

  it('klines: the newest kline is the one open now; endTime, limit and the parameter errors', async () => {
    const recent = (await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1m&limit=2')).body as KlineRow[];
    const lastMinute = Math.floor((recorded.at(-1)?.time as number) / 60_000) * 60_000;
    expect(recent.map((row) => row[0])).toEqual([lastMinute - 60_000, lastMinute]);
    const untilEnd = (await get(sim, `/api/v3/klines?symbol=XRPETH&interval=1h&endTime=${1570752000000 + 3 * 3_600_000}&limit=2`)).body as KlineRow[];
    expect(untilEnd.map((row) => row[0])).toEqual([1570752000000 + 2 * 3_600_000, 1570752000000 + 3 * 3_600_000]);
    const before = (await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1d&endTime=1570000000000')).body;
    expect(before).toEqual([]);
    expect(await get(sim, '/api/v3/klines?symbol=XRPETH&interval=2m')).toMatchObject({ status: 400, body: { code: -1120, msg: 'Invalid interval.' } });
    expect(await get(sim, '/api/v3/klines?symbol=XRPETH')).toMatchObject({ status: 400, body: { code: -1102 } });
    expect(await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1m&timeZone=15:00')).toMatchObject({
      status: 400,
      body: { code: -1130, msg: "Data sent for parameter 'timeZone' is not valid." },
    });
  });

  it('klines: with timeZone the intervals are local, the times UTC (1d at +08:00 opens at 16:00 UTC)', async () => {
    const utc = (await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1d')).body as KlineRow[];
    expect(utc.map((row) => new Date(row[0]).toISOString())).toEqual(['2019-10-11T00:00:00.000Z', '2019-10-12T00:00:00.000Z', '2019-10-13T00:00:00.000Z']);
    for (const timeZone of ['8', '%2B08:00', '08:00']) {
      const local = (await get(sim, `/api/v3/klines?symbol=XRPETH&interval=1d&timeZone=${timeZone}`)).body as KlineRow[];
      expect(local.map((row) => new Date(row[0]).toISOString())).toEqual([
        '2019-10-10T16:00:00.000Z',
        '2019-10-11T16:00:00.000Z',
        '2019-10-12T16:00:00.000Z',
      ]);
      expect(local.reduce((sum, row) => sum + row[8], 0)).toBe(14_672);
    }
  });

  it('exchangeInfo: symbol and symbols select, unknown or malformed ones fail, filters by status and permissions', async () => {
    const symbolsOf = (body: unknown) => (body as { symbols: Array<{ symbol: string }> }).symbols.map((symbol) => symbol.symbol);
    expect(symbolsOf((await get(sim, '/api/v3/exchangeInfo?symbol=XRPETH')).body)).toEqual(['XRPETH']);
    expect(symbolsOf((await get(sim, '/api/v3/exchangeInfo?symbols=%5B%22XRPETH%22%5D')).body)).toEqual(['XRPETH']);
    expect(symbolsOf((await get(sim, '/api/v3/exchangeInfo?symbolStatus=TRADING')).body)).toEqual(['XRPETH']);
    expect(symbolsOf((await get(sim, '/api/v3/exchangeInfo?symbolStatus=HALT')).body)).toEqual([]);
    expect(symbolsOf((await get(sim, '/api/v3/exchangeInfo?permissions=%5B%22MARGIN%22%5D')).body)).toEqual([]);
    expect(await get(sim, '/api/v3/exchangeInfo?symbol=BTCUSDT')).toMatchObject({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
    expect(await get(sim, '/api/v3/exchangeInfo?symbols=%5B%22XRPETH%22,%22BTCUSDT%22%5D')).toMatchObject({ status: 400, body: { code: -1121 } });
    expect(await get(sim, '/api/v3/exchangeInfo?symbols=XRPETH')).toMatchObject({ status: 400, body: { code: -1100 } });
    expect(await get(sim, '/api/v3/exchangeInfo?symbols=%5B%22XRPETH%22,%22XRPETH%22%5D')).toMatchObject({ status: 400, body: { code: -1151 } });
    expect(await get(sim, '/api/v3/exchangeInfo?symbol=XRPETH&symbols=%5B%22XRPETH%22%5D')).toMatchObject({ status: 400, body: { code: -1128 } });
    expect(await get(sim, '/api/v3/exchangeInfo?symbolStatus=OPEN')).toMatchObject({ status: 400, body: { code: -1122, msg: 'Invalid symbolStatus.' } });
  });

  it('takes X-MBX-TIME-UNIT: MICROSECOND for every time field', async () => {
    const micros = { 'X-MBX-TIME-UNIT': 'MICROSECOND' };
    const time = (await get(sim, '/api/v3/time', micros)).body as { serverTime: number };
    expect(time.serverTime).toBe(sim.replay.now() * 1000);
    const [trade] = (await get(sim, '/api/v3/aggTrades?symbol=XRPETH&limit=1', micros)).body as AggTrade[];
    expect(trade?.T).toBe((recorded.at(-1)?.time as number) * 1000);
    const [kline] = (await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1d&limit=1', micros)).body as KlineRow[];
    expect(kline?.[0]).toBe(Date.parse('2019-10-13T00:00:00Z') * 1000);
  });

  it('answers an unknown path with 404 and a non-GET with 405', async () => {
    expect((await fetch(`${sim.restUrl}/api/v3/depth?symbol=XRPETH`)).status).toBe(404);
    expect((await fetch(`${sim.restUrl}/api/v3/ping`, { method: 'POST' })).status).toBe(405);
  });
});

describe('REST visibility follows the replay', () => {
  it('shows nothing before the replay publishes, then exactly what it published', async () => {
    const sim = await startSimulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true, startPaused: true });
    try {
      expect((await get(sim, '/api/v3/aggTrades?symbol=XRPETH')).body).toEqual([]);
      expect((await get(sim, '/api/v3/klines?symbol=XRPETH&interval=1m')).body).toEqual([]);
      sim.replay.resume();
      await sim.replay.finished;
      expect(((await get(sim, '/api/v3/aggTrades?symbol=XRPETH&limit=1')).body as AggTrade[])[0]?.a).toBe(LAST_ID);
    } finally {
      await sim.close();
    }
  });

  it('with a start position, earlier trades are history at once and the stream begins there', async () => {
    const startTime = recorded[5_000]?.time as number;
    const firstLive = recorded.find((trade) => trade.time >= startTime) as (typeof recorded)[number];
    const sim = await startSimulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true, startPaused: true, startTime });
    const ws = await TestClient.open(`${sim.url}/ws/xrpeth@aggTrade`);
    try {
      expect(sim.replay.progress()).toMatchObject({ published: 0, preloaded: firstLive.aggregateId - FIRST_ID });
      expect(sim.replay.now()).toBe(startTime);
      const history = (await get(sim, '/api/v3/aggTrades?symbol=XRPETH&limit=1')).body as AggTrade[];
      expect(history[0]?.a).toBe(firstLive.aggregateId - 1);
      sim.replay.resume();
      const [first] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<AggTrade>() : undefined));
      expect(first?.a).toBe(firstLive.aggregateId);
      expect((await sim.replay.finished).published).toBe(LAST_ID - firstLive.aggregateId + 1);
    } finally {
      ws.close();
      await sim.close();
    }
  });
});

describe('request weight', () => {
  it('counts weight in X-MBX-USED-WEIGHT-<window> and answers 429 with Retry-After past the limit', async () => {
    const sim = await startSimulator({ input: XRPETH_AGG_TRADES, startPaused: true, rest: { weightLimit: 25, weightWindowMs: 2_000 } });
    try {
      // Windows are aligned to the wall clock: start right after a boundary so the requests below share one window.
      await new Promise((resolve) => setTimeout(resolve, 2_000 - (Date.now() % 2_000) + 10));
      const info = await get(sim, '/api/v3/exchangeInfo');
      expect(info.headers.get('x-mbx-used-weight-2s')).toBe('20');
      expect((info.body as { rateLimits: unknown[] }).rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'SECOND', intervalNum: 2, limit: 25 });
      expect((await get(sim, '/api/v3/aggTrades?symbol=XRPETH')).headers.get('x-mbx-used-weight-2s')).toBe('24');
      const ping = await get(sim, '/api/v3/ping');
      expect([ping.status, ping.headers.get('x-mbx-used-weight-2s'), ping.headers.get('x-mbx-used-weight')]).toEqual([200, '25', '25']);
      const refused = await get(sim, '/api/v3/ping');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        code: -1003,
        msg: 'Too much request weight used; current limit is 25 request weight per 2 SECOND. Please use WebSocket Streams for live updates to avoid polling the API.',
      });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      expect((await get(sim, '/api/v3/ping')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
