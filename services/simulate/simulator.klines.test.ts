// Kline streams of a running simulator: every closed 1m kline of XRPETH
// equals Binance's candle, partial updates come at Binance's cadence (2 s,
// 1 s for 1s klines), the +08:00 streams open days at 16:00 UTC, and a
// stream joined mid-interval starts with the whole interval's trades.
import { describe, expect, it } from 'vitest';
import { readAggTradesCsv, readOhlcvJson } from '../../common/candles/testing/binance-data.js';
import { Decimal } from '../../common/decimal/index.js';
import { XRPETH_AGG_TRADES } from './testing/paths.js';
import { testResources } from './testing/test-resources.js';

interface KlineEvent {
  readonly e: 'kline';
  readonly E: number;
  readonly s: string;
  readonly k: {
    readonly t: number;
    readonly T: number;
    readonly i: string;
    readonly f: number;
    readonly L: number;
    readonly o: string;
    readonly h: string;
    readonly l: string;
    readonly c: string;
    readonly v: string;
    readonly n: number;
    readonly x: boolean;
  };
}

const recorded = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');
const binance1m = readOhlcvJson('xrpeth-2019-10/XRPETH-1m.ohlcv.json');
const { simulator, client } = testResources({ input: XRPETH_AGG_TRADES });

function expectBinanceMinutes(closed: readonly KlineEvent[]): void {
  // Every minute but the last, which is still open when the recording ends.
  const expected = binance1m.slice(0, -1);
  expect(closed.map((event) => event.k.t)).toEqual(expected.map((row) => row[0]));
  for (const [index, row] of expected.entries()) {
    const k = (closed[index] as KlineEvent).k;
    const values = [k.o, k.h, k.l, k.c, k.v];
    for (const [field, text] of values.entries()) {
      const theirs = row[field + 1] as number;
      const exact = Decimal.parse(String(theirs).includes('e') ? theirs.toFixed(8) : String(theirs));
      if (!Decimal.parse(text).eq(exact)) throw new Error(`minute ${row[0]} field ${field}: ours ${text}, Binance ${theirs}`);
    }
  }
}

describe('kline streams', () => {
  it('closes every minute once, equal to Binance, with partial updates at most every 2 s (as fast as possible)', async () => {
    const sim = await simulator({ asFastAsPossible: true });
    const ws = await client(`${sim.url}/ws/xrpeth@kline_1m`);
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.json<KlineEvent>().filter((event) => event.k.x).length >= binance1m.length - 1, 20_000, 'every closed minute');
    const events = ws.json<KlineEvent>();
    expectBinanceMinutes(events.filter((event) => event.k.x));
    const partials = events.filter((event) => !event.k.x);
    expect(partials.length).toBeGreaterThan(100);
    for (let index = 1; index < partials.length; index++) {
      expect((partials[index] as KlineEvent).E - (partials[index - 1] as KlineEvent).E).toBeGreaterThanOrEqual(2_000);
    }
    // A partial never comes after its candle's close, and each candle closes after its last partial.
    const closedAt = new Map(events.filter((event) => event.k.x).map((event) => [event.k.t, events.indexOf(event)]));
    for (const partial of partials) {
      const close = closedAt.get(partial.k.t);
      if (close !== undefined) expect(events.indexOf(partial)).toBeLessThan(close);
    }
  });

  it('closes minutes on the clock alone in a paced replay, empty ones as flat candles', async () => {
    const sim = await simulator({ speed: 200_000 });
    const ws = await client(`${sim.url}/ws/xrpeth@kline_1m`);
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.json<KlineEvent>().filter((event) => event.k.x).length >= binance1m.length - 1, 20_000, 'every closed minute');
    const closed = ws.json<KlineEvent>().filter((event) => event.k.x);
    expectBinanceMinutes(closed);
    const flat = closed.filter((event) => event.k.n === 0);
    expect(flat.length).toBeGreaterThan(1_000);
    expect(flat.every((event) => event.k.f === -1 && event.k.L === -1 && event.E > event.k.T)).toBe(true);
  }, 30_000);

  it('sends 1s klines at most every second', async () => {
    const sim = await simulator({ asFastAsPossible: true });
    const ws = await client(`${sim.url}/ws/xrpeth@kline_1s`);
    sim.replay.resume();
    await sim.replay.finished;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const partials = ws.json<KlineEvent>().filter((event) => !event.k.x);
    expect(partials.length).toBeGreaterThan(100);
    expect(partials.every((event) => event.k.i === '1s' && event.k.T === event.k.t + 999)).toBe(true);
    for (let index = 1; index < partials.length; index++) {
      expect((partials[index] as KlineEvent).E - (partials[index - 1] as KlineEvent).E).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('opens +08:00 days at 16:00 UTC, times staying UTC', async () => {
    const sim = await simulator({ asFastAsPossible: true });
    const ws = await client(`${sim.url}/stream?streams=xrpeth@kline_1d@%2B08:00`);
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.json<{ data: KlineEvent }>().some((envelope) => envelope.data.k.x), 10_000, 'a closed day');
    const envelopes = ws.json<{ stream: string; data: KlineEvent }>();
    expect(envelopes.every((envelope) => envelope.stream === 'xrpeth@kline_1d@+08:00')).toBe(true);
    const opens = [...new Set(envelopes.map((envelope) => new Date(envelope.data.k.t).toISOString()))];
    expect(opens).toEqual(['2019-10-10T16:00:00.000Z', '2019-10-11T16:00:00.000Z', '2019-10-12T16:00:00.000Z']);
    const firstDay = envelopes.find((envelope) => envelope.data.k.x)?.data.k;
    expect(firstDay?.n).toBe(
      recorded.filter((trade) => trade.time < Date.parse('2019-10-11T16:00:00Z')).reduce((sum, trade) => sum + trade.lastTradeId - trade.firstTradeId + 1, 0),
    );
  });

  it('starts a stream joined mid-interval with the whole interval so far', async () => {
    const startTime = recorded[5_000]?.time as number;
    const sim = await simulator({ asFastAsPossible: true, startTime });
    const ws = await client(`${sim.url}/ws/xrpeth@kline_1h`);
    sim.replay.resume();
    const [first] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<KlineEvent>() : undefined));
    const hour = Math.floor(startTime / 3_600_000) * 3_600_000;
    expect(first?.k.t).toBe(hour);
    expect(first?.k.f).toBe(recorded.find((trade) => trade.time >= hour)?.firstTradeId);
  });

  it('drops the engine of an interval nobody listens to any more', async () => {
    const sim = await simulator({ asFastAsPossible: true });
    const ws = await client(`${sim.url}/ws`);
    expect(await ws.request({ method: 'SUBSCRIBE', params: ['xrpeth@kline_5m'], id: 1 })).toEqual({ result: null, id: 1 });
    expect(await ws.request({ method: 'UNSUBSCRIBE', params: ['xrpeth@kline_5m'], id: 2 })).toEqual({ result: null, id: 2 });
    sim.replay.resume();
    await sim.replay.finished;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ws.frames).toHaveLength(2);
  });
});
