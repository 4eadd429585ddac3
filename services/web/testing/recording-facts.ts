// What a recorded WebSocket JSONL file says on its own, read independently
// of wick: each symbol's last aggregate trade (its price, and the last raw
// trade id in it). Once the replay has ended, the newest candle of every
// interval closes at that price with that last trade id.
import { readFileSync } from 'node:fs';

interface AggTradeLine {
  readonly data?: { readonly e?: string; readonly s?: string; readonly p?: string; readonly l?: number };
}

export interface LastTrade {
  readonly price: string;
  readonly lastTradeId: bigint;
}

export function lastTrades(file: string): Map<string, LastTrade> {
  const last = new Map<string, LastTrade>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { data } = JSON.parse(line) as AggTradeLine;
    if (data?.e === 'aggTrade' && data.s !== undefined && data.p !== undefined && data.l !== undefined) {
      last.set(data.s, { price: data.p, lastTradeId: BigInt(data.l) });
    }
  }
  return last;
}
