// The replay: a recorded WebSocket session comes back byte for byte, a
// looped replay keeps ids contiguous and times increasing across passes,
// and a paced replay follows the recording's timing scaled by --speed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPOT_JSONL, XRPETH_AGG_TRADES } from './testing/paths.js';
import { testResources } from './testing/test-resources.js';

const { simulator, client } = testResources();

interface AggTrade {
  readonly a: number;
  readonly f: number;
  readonly l: number;
  readonly T: number;
  readonly E: number;
}

describe('replaying a recorded WebSocket session', () => {
  it('sends every recorded aggTrade frame of the three symbols exactly as Binance sent it', async () => {
    const recordedFrames = readFileSync(SPOT_JSONL, 'utf8')
      .split('\n')
      .filter((line) => line.includes('@aggTrade'))
      .map((line) => {
        const { stream, data } = JSON.parse(line) as { stream: string; data: unknown };
        return JSON.stringify({ stream, data });
      });
    expect(recordedFrames).toHaveLength(1_227 + 506 + 177);
    const sim = await simulator({ input: SPOT_JSONL, asFastAsPossible: true });
    expect(sim.recording.symbols.map((symbol) => [symbol.symbol, symbol.kind, symbol.trades])).toEqual([
      ['BTCUSDT', 'aggTrade', 1_227],
      ['DOTUSDT', 'aggTrade', 177],
      ['ETHUSDT', 'aggTrade', 506],
    ]);
    const ws = await client(`${sim.url}/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade/dotusdt@aggTrade`);
    sim.replay.resume();
    await sim.replay.finished;
    await ws.waitFor(() => ws.frames.length === recordedFrames.length, 10_000, 'every frame');
    expect(ws.frames).toEqual(recordedFrames);
  });
});

describe('looping', () => {
  it('continues ids and times across passes, so every stream and REST stay contiguous', async () => {
    const sim = await simulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true, loop: true });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    sim.replay.resume();
    await ws.waitFor(() => ws.frames.length >= 2 * 12_477 + 100, 20_000, 'two passes and more');
    sim.replay.pause();
    const events = ws.json<AggTrade>();
    for (let index = 1; index < events.length; index++) {
      const [previous, event] = [events[index - 1] as AggTrade, events[index] as AggTrade];
      if (event.a !== previous.a + 1 || event.f !== previous.l + 1 || event.T < previous.T) {
        throw new Error(`frame ${index}: ${JSON.stringify(previous)} then ${JSON.stringify(event)}`);
      }
    }
    const span = 1570965568844 - 1570752011620 + 1;
    expect(events[12_477]).toMatchObject({ a: 13532284, f: 15388190, T: 1570752011620 + span });
    expect(events[2 * 12_477]).toMatchObject({ a: 13532284 + 12_477, f: 15388190 + 14_672, T: 1570752011620 + 2 * span });
    expect(sim.replay.progress().passes).toBeGreaterThanOrEqual(3);
    const across = await fetch(`${sim.restUrl}/api/v3/aggTrades?symbol=XRPETH&fromId=13532282&limit=4`);
    expect(((await across.json()) as AggTrade[]).map((trade) => trade.a)).toEqual([13532282, 13532283, 13532284, 13532285]);
  });
});

describe('pacing', () => {
  it('publishes each trade when the clock, running at --speed, reaches it', async () => {
    // The first 40 trades of XRPETH span 212 s of market time: 0.53 s at 400x.
    const sim = await simulator({ input: XRPETH_AGG_TRADES, speed: 400 });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    const arrivals: number[] = [];
    ws.ws.on('message', () => arrivals.push(Date.now()));
    const started = Date.now();
    sim.replay.resume();
    await ws.waitFor(() => ws.frames.length >= 40, 5_000, '40 trades');
    sim.replay.pause();
    const events = ws.json<AggTrade>().slice(0, 40);
    expect(events[0]?.a).toBe(13519807);
    const first = (events[0] as AggTrade).T;
    for (const [index, event] of events.entries()) {
      const due = (event.T - first) / 400;
      const arrived = (arrivals[index] as number) - started;
      expect(arrived).toBeGreaterThanOrEqual(due - 5);
      expect(arrived).toBeLessThan(due + 250);
      // Event time is the simulated clock when sent: at or just after the trade time.
      expect(event.E).toBeGreaterThanOrEqual(event.T);
      expect(event.E - event.T).toBeLessThan(250 * 400);
    }
  });

  it('shifts the timeline to now with clock "wall"', async () => {
    const before = Date.now();
    const sim = await simulator({ input: XRPETH_AGG_TRADES, clock: 'wall' });
    const ws = await client(`${sim.url}/ws/xrpeth@aggTrade`);
    sim.replay.resume();
    const [event] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<AggTrade>() : undefined));
    expect(event?.T).toBeGreaterThanOrEqual(before);
    expect(event?.T).toBeLessThanOrEqual(Date.now());
    expect(Math.abs((await (await fetch(`${sim.restUrl}/api/v3/time`)).json() as { serverTime: number }).serverTime - Date.now())).toBeLessThan(1_000);
  });
});
