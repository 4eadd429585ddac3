// A replay of XRPETH 2019-10 (12,477 aggTrades) as fast as possible on a
// real port: the stream delivers every aggTrade in order with contiguous
// ids and the file's exact values; REST aggTrades paged by fromId returns
// exactly what was published; REST klines equal Binance's own 1m candles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal/index.js';
import { readAggTradesCsv, readOhlcvJson } from '../../common/candles/testing/binance-data.js';
import { startSimulator, type Simulator } from './simulator.js';
import { XRPETH_AGG_TRADES } from './testing/paths.js';
import { TestClient } from './testing/ws-client.js';

interface AggTradeFrame {
  readonly e: string;
  readonly E: number;
  readonly s: string;
  readonly a: number;
  readonly p: string;
  readonly q: string;
  readonly f: number;
  readonly l: number;
  readonly T: number;
  readonly m: boolean;
  readonly M: boolean;
}

type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

const recorded = readAggTradesCsv('xrpeth-2019-10/XRPETH-aggTrades.csv', 'XRPETH');

describe('simulator replaying XRPETH 2019-10 as fast as possible', () => {
  let simulator: Simulator;
  let raw: TestClient;
  let combined: TestClient;

  beforeAll(async () => {
    simulator = await startSimulator({ input: XRPETH_AGG_TRADES, asFastAsPossible: true, startPaused: true });
    raw = await TestClient.open(`${simulator.url}/ws/xrpeth@aggTrade`);
    combined = await TestClient.open(`${simulator.url}/stream?streams=xrpeth@aggTrade`);
    simulator.replay.resume();
    const progress = await simulator.replay.finished;
    expect(progress.published).toBe(12_477);
    await raw.waitFor(() => raw.frames.length >= 12_477, 20_000, 'all raw frames');
    await combined.waitFor(() => combined.frames.length >= 12_477, 20_000, 'all combined frames');
    // Freeze the clock so the newest kline stays the recording's last minute.
    simulator.replay.pause();
  }, 60_000);

  afterAll(async () => {
    raw?.close();
    combined?.close();
    await simulator?.close();
  });

  it('delivers all 12,477 aggTrades in order with contiguous ids and the recorded values', () => {
    const frames = raw.json<AggTradeFrame>();
    expect(frames).toHaveLength(12_477);
    for (const [index, frame] of frames.entries()) {
      const trade = recorded[index];
      if (trade === undefined) throw new Error(`frame ${index} has no recorded trade`);
      expect(frame).toEqual({
        e: 'aggTrade',
        E: trade.time,
        s: 'XRPETH',
        a: trade.aggregateId,
        p: trade.price,
        q: trade.quantity,
        f: trade.firstTradeId,
        l: trade.lastTradeId,
        T: trade.time,
        m: trade.buyerIsMaker,
        M: true,
      });
      if (index > 0) {
        const previous = frames[index - 1] as AggTradeFrame;
        expect(frame.a).toBe(previous.a + 1);
        expect(frame.f).toBe(previous.l + 1);
      }
    }
  });

  it('delivers the same frames on the combined stream, each in its envelope', () => {
    const envelopes = combined.json<{ stream: string; data: AggTradeFrame }>();
    expect(envelopes.every((envelope) => envelope.stream === 'xrpeth@aggTrade')).toBe(true);
    expect(envelopes.map((envelope) => envelope.data)).toEqual(raw.json());
  });

  it('pages REST aggTrades by fromId through exactly the published trades', async () => {
    const pages: AggTradeFrame[] = [];
    let fromId = recorded[0]?.aggregateId ?? 0;
    for (;;) {
      const response = await fetch(`${simulator.restUrl}/api/v3/aggTrades?symbol=XRPETH&fromId=${fromId}&limit=1000`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as AggTradeFrame[];
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(1000);
      pages.push(...page);
      fromId = (page[page.length - 1] as AggTradeFrame).a + 1;
    }
    const streamed = raw.json<AggTradeFrame>().map(({ a, p, q, f, l, T, m, M }) => ({ a, p, q, f, l, T, m, M }));
    expect(pages).toEqual(streamed);
  });

  it('answers REST klines equal to all 3,560 of Binance 1m candles (open, high, low, close, volume)', async () => {
    const binance = readOhlcvJson('xrpeth-2019-10/XRPETH-1m.ohlcv.json');
    const rows: KlineRow[] = [];
    let startTime = binance[0]?.[0] ?? 0;
    while (rows.length < binance.length) {
      const response = await fetch(`${simulator.restUrl}/api/v3/klines?symbol=XRPETH&interval=1m&startTime=${startTime}&limit=1000`);
      const page = (await response.json()) as KlineRow[];
      if (page.length === 0) break;
      rows.push(...page);
      startTime = (page[page.length - 1] as KlineRow)[0] + 60_000;
    }
    expect(rows.map((row) => row[0])).toEqual(binance.map((row) => row[0]));
    for (const [index, row] of binance.entries()) {
      const ours = rows[index] as KlineRow;
      for (let field = 1; field <= 5; field++) {
        const theirs = row[field] as number;
        const exact = Decimal.parse(String(theirs).includes('e') ? theirs.toFixed(8) : String(theirs));
        if (!Decimal.parse(ours[field] as string).eq(exact)) throw new Error(`minute ${row[0]} field ${field}: ours ${ours[field]}, Binance ${theirs}`);
      }
      expect(ours[6]).toBe(row[0] + 59_999);
    }
    expect(rows.reduce((sum, row) => sum + row[8], 0)).toBe(14_672);
  });
});
