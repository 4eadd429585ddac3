// Quick local throughput check of the candle engine (the project benchmark
// against tardis-dev is `npm run bench`):
//   node --expose-gc bin/run-ts.js common/candles/engine.bench.ts [trades] [tradesPerSecond] [partials|no-partials|both]
// Synthetic BTCUSDT-like aggTrades (8-decimal strings, 0.01 tick, 0.00001 lot, a random walk, about
// half taker buys, consecutive trade ids), replayed with the clock at each
// trade's time, through the six default intervals.
import { measureEngineThroughput } from './throughput.js';
import type { Trade } from './trade.js';

const count = Number(process.argv[2] ?? 3_000_000);
const perSecond = Number(process.argv[3] ?? 50);
const modes = { partials: [true], 'no-partials': [false], both: [true, false] }[process.argv[4] ?? 'both'] ?? [true, false];

/** A flat copy, as a JSON or CSV reader yields it (template literals build slower rope strings). */
function flat(text: string): string {
  return JSON.parse(`"${text}"`) as string;
}

function syntheticTrades(n: number, tradesPerSecond: number): Trade[] {
  const trades: Trade[] = [];
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  let cents = 5_800_103; // 58001.03
  let time = Date.UTC(2021, 3, 4);
  let tradeId = 745_522_877;
  for (let i = 0; i < n; i++) {
    cents += Math.round((random() - 0.5) * 4);
    time += Math.round((random() * 2000) / tradesPerSecond);
    const size = 1 + Math.floor(random() * 3);
    // BTCUSDT's lot size is 0.00001: five decimals, written with eight.
    const quantity = Math.floor(random() * 20_000) * 1000;
    trades.push({
      symbol: 'BTCUSDT',
      aggregateId: 665_076_760 + i,
      price: flat(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}000000`),
      quantity: flat(`${Math.floor(quantity / 1e8)}.${String(quantity % 1e8).padStart(8, '0')}`),
      firstTradeId: tradeId,
      lastTradeId: tradeId + size - 1,
      time,
      buyerIsMaker: random() < 0.5,
    });
    tradeId += size;
  }
  return trades;
}

const trades = syntheticTrades(count, perSecond);
const format = (value: number): string => (value / 1e6).toFixed(2);
for (const emitPartials of modes) {
  const result = measureEngineThroughput(trades, { emitPartials });
  console.log(
    `emitPartials=${emitPartials}: ${format(result.tradesPerCpuSecond)} M trades per CPU second, ${format(result.tradesPerSecond)} M/s wall ` +
      `(${result.trades} trades at ~${perSecond}/s of market time, ${result.partials} partials, ${result.finals} finals)`,
  );
}
