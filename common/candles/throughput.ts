// Measures the engine's throughput on trades already in memory, so a
// benchmark (npm run bench) times the engine alone, not file reading. The
// clock follows the trades (nowMs = trade time), as when replaying a file.
//
// Run node with --expose-gc so each timed run starts after a full
// collection. Both wall time and the process's CPU time are taken: on a shared machine
// the wall clock also counts time other processes held the core, so "trades
// per second per core" is trades / CPU seconds.
import { performance } from 'node:perf_hooks';
import { CandleEngine, type CandleEngineOptions } from './engine.js';
import { DEFAULT_INTERVALS } from './intervals.js';
import type { Trade } from './trade.js';

export interface ThroughputOptions extends Partial<Omit<CandleEngineOptions, 'onCandle' | 'onDiscard'>> {
  /** Untimed runs over the whole input first, to let the JIT settle. Default 1. */
  readonly warmupRuns?: number;
  /** Timed runs; the best is reported. Default 3. */
  readonly runs?: number;
}

export interface ThroughputResult {
  readonly trades: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** trades / wall seconds. */
  readonly tradesPerSecond: number;
  /** trades / CPU seconds of this process: the per-core figure. */
  readonly tradesPerCpuSecond: number;
  readonly partials: number;
  readonly finals: number;
}

/** Pushes `trades` through fresh engines (six default intervals unless told) and reports the best timed run. */
export function measureEngineThroughput(trades: readonly Trade[], options: ThroughputOptions = {}): ThroughputResult {
  const { warmupRuns = 1, runs = 3, ...engineOptions } = options;
  for (let run = 0; run < warmupRuns; run++) runOnce(trades, engineOptions);
  let best: ThroughputResult | undefined;
  for (let run = 0; run < Math.max(1, runs); run++) {
    const result = runOnce(trades, engineOptions);
    if (best === undefined || result.cpuSeconds < best.cpuSeconds) best = result;
  }
  return best as ThroughputResult;
}

function runOnce(trades: readonly Trade[], options: Partial<Omit<CandleEngineOptions, 'onCandle' | 'onDiscard'>>): ThroughputResult {
  let partials = 0;
  let finals = 0;
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: DEFAULT_INTERVALS,
    ...options,
    onCandle: (candle) => {
      if (candle.closed) finals++;
      else partials++;
    },
  });
  // Collect the caller's garbage (e.g. from building the input) now, not inside the timed loop.
  (globalThis as { gc?: () => void }).gc?.();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i] as Trade;
    engine.add(trade, trade.time);
  }
  engine.finish();
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    trades: trades.length,
    wallSeconds,
    cpuSeconds,
    tradesPerSecond: trades.length / wallSeconds,
    tradesPerCpuSecond: trades.length / cpuSeconds,
    partials,
    finals,
  };
}
