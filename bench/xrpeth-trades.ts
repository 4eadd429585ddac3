// The real XRPETH recording (12,477 aggTrades, 2.5 days) repeated end to end:
// each copy shifted by whole days and by the ids it used, so times increase
// and ids stay contiguous, as if the market had carried on the same way.
import type { Trade } from '../common/candles/trade.js';
import { openRecording } from '../common/recordings/reader.js';

export const XRPETH_FILE = '/work/shared/data/binance/xrpeth-2019-10/XRPETH-aggTrades.csv';
const DAY_MS = 86_400_000;

export async function repeatedXrpethTrades(copies: number): Promise<Trade[]> {
  const original: Trade[] = [];
  for await (const batch of openRecording(XRPETH_FILE).batches()) original.push(...batch);
  const first = original[0] as Trade;
  const last = original.at(-1) as Trade;
  const shiftMs = Math.ceil((last.time - first.time + 1) / DAY_MS) * DAY_MS;
  const aggregateShift = last.aggregateId - first.aggregateId + 1;
  const tradeShift = last.lastTradeId - first.firstTradeId + 1;
  const trades: Trade[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const t of original) {
      // Plain Trade objects shaped like the synthetic ones (no line number).
      trades.push({
        symbol: t.symbol,
        aggregateId: t.aggregateId + copy * aggregateShift,
        firstTradeId: t.firstTradeId + copy * tradeShift,
        lastTradeId: t.lastTradeId + copy * tradeShift,
        price: t.price,
        quantity: t.quantity,
        time: t.time + copy * shiftMs,
        buyerIsMaker: t.buyerIsMaker,
      });
    }
  }
  return trades;
}
