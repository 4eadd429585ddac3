import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedTrade } from './recorded-trade.js';
import { listSymbols, openRecording, type RecordingOptions } from './reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wick-jsonl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(lines: readonly unknown[]): Promise<string> {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
}

async function readAll(path: string, options?: RecordingOptions): Promise<RecordedTrade[]> {
  const trades: RecordedTrade[] = [];
  for await (const trade of openRecording(path, options)) trades.push(trade);
  return trades;
}

// Frames shaped as in Binance's web-socket-streams.md.
const aggTrade = {
  e: 'aggTrade', E: 1617566591315, s: 'BTCUSDT', a: 665076760, p: '58001.03000000', q: '0.08620500',
  f: 745522877, l: 745522879, T: 1617566591314, m: true, M: true,
};
const trade = {
  e: 'trade', E: 1617566591400, s: 'ETHUSDT', t: 12345, p: '2071.50', q: '1.25', b: 88, a: 50, T: 1617566591399, m: false, M: true,
};
const kline = {
  e: 'kline', E: 1617566592000, s: 'BTCUSDT',
  k: { t: 1617566580000, T: 1617566639999, s: 'BTCUSDT', i: '1m', f: 1, L: 2, o: '1', c: '1', h: '1', l: '1', v: '1', n: 2, x: false, q: '1', V: '0', Q: '0', B: '0' },
};

describe('WebSocket JSONL', () => {
  it('reads enveloped aggTrade frames with their receive and event times', async () => {
    const path = await fixture([{ recv_ts: '1617566592.629139', stream: 'btcusdt@aggTrade', data: aggTrade }]);
    expect(await readAll(path)).toEqual([
      {
        symbol: 'BTCUSDT',
        aggregateId: 665076760,
        firstTradeId: 745522877,
        lastTradeId: 745522879,
        price: '58001.03000000',
        quantity: '0.08620500',
        time: 1617566591314,
        buyerIsMaker: true,
        line: 1,
        eventTime: 1617566591315,
        receivedAt: 1617566592629,
      },
    ]);
  });

  it('reads raw trade frames; `a` there is the seller order id, not an aggregate id', async () => {
    const [only] = await readAll(await fixture([trade]));
    expect(only).toMatchObject({ symbol: 'ETHUSDT', aggregateId: 12345, firstTradeId: 12345, lastTradeId: 12345, buyerIsMaker: false });
    expect(only?.receivedAt).toBeUndefined();
  });

  it('ignores kline frames, other events, subscription replies and array streams', async () => {
    const path = await fixture([
      { recv_ts: '1.5', stream: 'btcusdt@kline_1m', data: kline },
      kline,
      { result: null, id: 1 },
      [{ e: '24hrMiniTicker', s: 'BTCUSDT' }],
      { u: 400900217, s: 'BNBUSDT', b: '25.35190000', B: '31.21000000', a: '25.36520000', A: '40.66000000' },
      aggTrade,
    ]);
    const recording = openRecording(path);
    const lines: number[] = [];
    for await (const t of recording) lines.push(t.line);
    expect(lines).toEqual([6]);
    expect(recording.stats).toEqual({ lines: 6, trades: 1, skipped: 0, ignored: 5 });
  });

  it('takes one stream per symbol so a recording of both aggTrade and trade does not count twice', async () => {
    const btcTrade = { ...trade, s: 'BTCUSDT', t: 745522877 };
    const path = await fixture([aggTrade, btcTrade, trade, { ...aggTrade, s: 'ETHUSDT' }]);
    const trades = await readAll(path);
    expect(trades.map((t) => [t.symbol, t.line])).toEqual([
      ['BTCUSDT', 1],
      ['ETHUSDT', 3],
    ]);
  });

  it('filters one symbol and lists the symbols present', async () => {
    const path = await fixture([aggTrade, trade, { ...aggTrade, s: 'DOTUSDT' }, { ...aggTrade, a: 665076761 }]);
    expect((await readAll(path, { onlySymbol: 'BTCUSDT' })).map((t) => t.aggregateId)).toEqual([665076760, 665076761]);
    expect(await listSymbols(path)).toEqual(['BTCUSDT', 'ETHUSDT', 'DOTUSDT']);
  });

  it('converts microsecond times (timeUnit=MICROSECOND) to milliseconds', async () => {
    const [only] = await readAll(await fixture([{ ...aggTrade, T: 1735689600010866, E: 1735689600011000 }]));
    expect(only).toMatchObject({ time: 1735689600010, eventTime: 1735689600011 });
  });

  it.each([
    ['broken JSON', '{"e":"aggTrade",', /^.*:2: not valid JSON \(/],
    ['a JSON number', '42', /:2: not a JSON object$/],
    ['a float price', JSON.stringify({ ...aggTrade, p: 58001.03 }), /:2: p 58001.03 is not a decimal string$/],
    ['a missing quantity', JSON.stringify({ ...aggTrade, q: undefined }), /:2: q \(missing\) is not a decimal string$/],
    ['a string id', JSON.stringify({ ...aggTrade, a: '1' }), /:2: a "1" is not an integer$/],
    ['a lower-case symbol', JSON.stringify({ ...aggTrade, s: 'btcusdt' }), /:2: symbol s "btcusdt" is not an upper-case symbol$/],
    ['a bad maker flag', JSON.stringify({ ...trade, m: 'true' }), /:2: m "true" is not a boolean$/],
    ['a bad recv_ts', JSON.stringify({ recv_ts: 'yesterday', stream: 'x', data: aggTrade }), /:2: recv_ts "yesterday" is not unix seconds/],
  ])('reports %s with its line', async (_name, line, reason) => {
    const path = await fixture([aggTrade, line]);
    const error = await readAll(path).catch((e: unknown) => e);
    expect((error as Error).message.startsWith(`${path}:2: `)).toBe(true);
    expect((error as Error).message).toMatch(reason);
  });

  it('skips and counts malformed frames in skip-bad mode', async () => {
    const path = await fixture([aggTrade, '{oops', { ...aggTrade, p: 1 }, { ...aggTrade, a: 665076761 }]);
    const recording = openRecording(path, { skipBad: true });
    const ids: number[] = [];
    for await (const t of recording) ids.push(t.aggregateId);
    expect(ids).toEqual([665076760, 665076761]);
    expect(recording.stats.skipped).toBe(2);
  });
});
