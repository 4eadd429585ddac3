// The wall clock mode (--clock wall): trade and event times are the wall
// clock from the moment the replay actually runs, however long start-up
// took, however long the simulator waited paused, and across pauses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFile } from './testing/paths.js';
import { testResources } from './testing/test-resources.js';

const { simulator, client } = testResources();

interface AggTrade {
  readonly a: number;
  readonly T: number;
  readonly E: number;
}

describe('clock "wall": trade times are the wall clock from the moment the replay runs', () => {
  // A trade every 5 ms, so the trade after any moment comes at once.
  const rows = Array.from({ length: 4_000 }, (_, i) => `${i + 1},1.0${i % 10},2.5,${i + 1},${i + 1},${1_704_067_200_000 + 5 * i},true,true`).join('\n');
  let recording: { readonly path: string; remove(): void };
  beforeAll(() => {
    recording = temporaryFile('EVENUSDT-aggTrades-2024-01-01.csv', `${rows}\n`);
  });
  afterAll(() => recording.remove());

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('does not count start-up or the wait for the first resume into trade times', async () => {
    const sim = await simulator({ input: recording.path, clock: 'wall' });
    const ws = await client(`${sim.url}/ws/evenusdt@aggTrade`);
    await sleep(400);
    const resumedAt = Date.now();
    sim.replay.resume();
    const [first] = await ws.waitFor(() => (ws.frames.length > 0 ? ws.json<AggTrade>() : undefined));
    const receivedAt = Date.now();
    // Before the fix the trade was as old as the simulator: 400 ms and more.
    expect(first?.T).toBeGreaterThanOrEqual(resumedAt);
    expect(first?.T).toBeLessThanOrEqual(receivedAt);
    expect(first?.E).toBeGreaterThanOrEqual(first?.T as number);
    expect(first?.E).toBeLessThanOrEqual(receivedAt);
  });

  it('keeps trade times on the wall clock across a pause', async () => {
    const sim = await simulator({ input: recording.path, clock: 'wall' });
    const ws = await client(`${sim.url}/ws/evenusdt@aggTrade`);
    sim.replay.resume();
    await ws.waitFor(() => (ws.frames.length >= 20 ? true : undefined));
    sim.replay.pause();
    await sleep(400);
    const before = ws.frames.length;
    const resumedAt = Date.now();
    sim.replay.resume();
    await ws.waitFor(() => (ws.frames.length > before ? true : undefined));
    const receivedAt = Date.now();
    const next = ws.json<AggTrade>()[before] as AggTrade;
    const last = ws.json<AggTrade>()[before - 1] as AggTrade;
    expect(next.a).toBe(last.a + 1);
    expect(next.T).toBeGreaterThanOrEqual(resumedAt);
    expect(next.T).toBeLessThanOrEqual(receivedAt);
    // The last trade before the pause and the next one are 5 ms apart in the recording; the pause lies between them.
    expect(next.T - last.T).toBeGreaterThanOrEqual(400);
  });
});
