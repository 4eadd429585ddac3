// The recordings in ../shared/data/binance, read end to end: row counts and
// trade counts given in that folder's README.
import { describe, expect, it } from 'vitest';
import type { RecordedTrade } from './recorded-trade.js';
import { listSymbols, openRecording, type RecordingOptions } from './reader.js';

const DATA = '/work/shared/data/binance';
const XRPETH = `${DATA}/xrpeth-2019-10/XRPETH-aggTrades.csv`;
const SPOT = `${DATA}/ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl`;
const FUTURES = `${DATA}/ws-2021-04/usdm-futures-dent-ksm-xmr-yfi.jsonl`;

async function readAll(path: string, options?: RecordingOptions): Promise<RecordedTrade[]> {
  const trades: RecordedTrade[] = [];
  for await (const batch of openRecording(path, options).batches()) trades.push(...batch);
  return trades;
}

function countBySymbol(trades: readonly RecordedTrade[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of trades) counts[t.symbol] = (counts[t.symbol] ?? 0) + 1;
  return counts;
}

function expectContiguous(trades: readonly RecordedTrade[]): void {
  for (let i = 1; i < trades.length; i++) {
    const previous = trades[i - 1] as RecordedTrade;
    const current = trades[i] as RecordedTrade;
    expect(current.aggregateId).toBe(previous.aggregateId + 1);
    expect(current.firstTradeId).toBe(previous.lastTradeId + 1);
  }
}

describe('xrpeth-2019-10 aggTrades CSV', () => {
  it('yields all 12,477 aggTrades covering 14,672 trades, contiguous and in time order', async () => {
    const recording = openRecording(XRPETH);
    const trades: RecordedTrade[] = [];
    for await (const t of recording) trades.push(t);
    expect(recording.format).toBe('aggtrades-csv');
    expect(recording.stats).toEqual({ lines: 12_477, trades: 12_477, skipped: 0, ignored: 0 });
    expect(trades.reduce((n, t) => n + t.lastTradeId - t.firstTradeId + 1, 0)).toBe(14_672);
    expect(trades[0]).toEqual({
      symbol: 'XRPETH', aggregateId: 13519807, firstTradeId: 15373518, lastTradeId: 15373518,
      price: '0.00141342', quantity: '23.00000000', time: 1570752011620, buyerIsMaker: true, line: 1,
    });
    expect(trades.at(-1)?.line).toBe(12_477);
    expectContiguous(trades);
    expect(trades.every((t, i) => i === 0 || t.time >= (trades[i - 1] as RecordedTrade).time)).toBe(true);
  });
});

describe('ws-2021-04 recorded WebSocket JSONL', () => {
  it('yields 1,227 / 506 / 177 aggTrades for BTCUSDT / ETHUSDT / DOTUSDT and skips the kline frames', async () => {
    const recording = openRecording(SPOT);
    const trades: RecordedTrade[] = [];
    for await (const t of recording) trades.push(t);
    expect(countBySymbol(trades)).toEqual({ BTCUSDT: 1227, ETHUSDT: 506, DOTUSDT: 177 });
    expect(recording.stats.trades).toBe(1910);
    expect(recording.stats.ignored).toBe(recording.stats.lines - 1910);
    expect(recording.stats.ignored).toBeGreaterThan(0);
    for (const symbol of ['BTCUSDT', 'ETHUSDT', 'DOTUSDT']) expectContiguous(trades.filter((t) => t.symbol === symbol));
  });

  it('lists the symbols and filters one', async () => {
    expect((await listSymbols(SPOT)).sort()).toEqual(['BTCUSDT', 'DOTUSDT', 'ETHUSDT']);
    const eth = await readAll(SPOT, { onlySymbol: 'ETHUSDT' });
    expect(eth).toHaveLength(506);
    expect(eth.every((t) => t.symbol === 'ETHUSDT' && t.receivedAt !== undefined && t.eventTime !== undefined)).toBe(true);
  });

  it('reads the futures recording (aggTrade frames without the M field)', async () => {
    const trades = await readAll(FUTURES);
    expect(trades).toHaveLength(185);
    expect(Object.keys(countBySymbol(trades)).sort()).toEqual(['DENTUSDT', 'KSMUSDT', 'XMRUSDT', 'YFIUSDT']);
    expect(trades.find((t) => t.symbol === 'YFIUSDT' && t.aggregateId === 52599685)).toMatchObject({
      price: '49966.7', quantity: '0.001', firstTradeId: 64902163, lastTradeId: 64902163, time: 1618677448084, buyerIsMaker: false,
    });
  });
});
