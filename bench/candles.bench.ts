// Trades per second per core through the six default intervals: wick's
// CandleEngine against tardis-dev's computeTradeBars, on the same trades in
// the same run. Goal (issue #3): >= 3 M/s for wick and >= 10x tardis-dev.
import type { Trade as TardisTrade } from 'tardis-dev';
import type { Candle } from '../common/candles/candle.js';
import { DEFAULT_PARTIAL_THROTTLE_MS } from '../common/candles/engine-options.js';
import { CandleEngine } from '../common/candles/engine.js';
import { DEFAULT_INTERVALS, fixedLengthMs } from '../common/candles/intervals.js';
import type { Trade } from '../common/candles/trade.js';
import { collectGarbage, formatCount, formatSample, measureRate, type Benchmark, type BenchOptions, type RateSample } from './harness.js';
import { MEAN_TRADES_PER_SECOND, syntheticSpanMs, syntheticTrades } from './synthetic-trades.js';
import { tardisTradeBars, toTardisTrades } from './tardis.js';
import { repeatedXrpethTrades } from './xrpeth-trades.js';

const GOAL_PER_SECOND = 3e6;
const GOAL_RATIO = 10;

interface Workload {
  readonly label: string;
  readonly load: () => Promise<Trade[]>;
}

function workloads(quick: boolean): Workload[] {
  const trades = quick ? 300_000 : 3_000_000;
  const copies = quick ? 10 : 100;
  const hours = (syntheticSpanMs(trades) / 3_600_000).toFixed(1);
  return [
    {
      label:
        `synthetic: ${formatCount(trades)} aggTrades, 10 Binance-like spot symbols interleaved at ${MEAN_TRADES_PER_SECOND}/s ` +
        `with bursts (BTCUSDT 30%), ${hours} h, 8-decimal prices (seeded)`,
      load: async () => syntheticTrades({ trades, seed: 20240301, start: Date.UTC(2024, 2, 1) }),
    },
    {
      label: `real: XRPETH 2019-10 aggTrades x ${copies} (${formatCount(12_477 * copies)} aggTrades; sparse: 3.5 a minute)`,
      load: () => repeatedXrpethTrades(copies),
    },
  ];
}

interface EngineCounts {
  finals: number;
  partials: number;
  /** Folds every field of every candle, as a consumer that serialises them reads them all. */
  checksum: number;
}

/** What a consumer of candles does at the least: reads every field (so no emitted work is dead) and counts. */
function consume(counts: EngineCounts, candle: Candle): void {
  if (candle.closed) counts.finals++;
  else counts.partials++;
  counts.checksum +=
    candle.exchange.length + candle.symbol.length + candle.interval.length + (candle.openTime % 997) + (candle.closeTime % 991) +
    candle.open.length + candle.high.length + candle.low.length + candle.close.length +
    candle.volume.length + candle.quoteVolume.length + candle.takerBuyVolume.length + candle.takerBuyQuoteVolume.length +
    candle.tradeCount + (candle.firstTradeId & 0xff) + (candle.lastTradeId & 0xff) + candle.revision;
}

function runEngine(trades: readonly Trade[], emitPartials: boolean, counts: EngineCounts): void {
  counts.finals = 0;
  counts.partials = 0;
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: DEFAULT_INTERVALS,
    emitPartials,
    onCandle: (candle) => consume(counts, candle),
  });
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i] as Trade;
    engine.add(trade, trade.time);
  }
  engine.finish();
}

async function benchWorkload(workload: Workload, options: BenchOptions): Promise<void> {
  console.log(`\n${workload.label}`);
  const trades = await workload.load();
  const wick = await benchWick(trades, options);
  const tardis = await benchTardis(trades, options);
  const ratio = wick.median / tardis.median;
  console.log(`  ratio wick / tardis-dev (finals only, CPU medians): ${ratio.toFixed(1)}x`);
  console.log(
    `  goal: >= ${GOAL_PER_SECOND / 1e6} M/s ${wick.median >= GOAL_PER_SECOND ? 'met' : 'NOT met'}; ` +
      `>= ${GOAL_RATIO}x tardis-dev ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`,
  );
}

/** Finals only (what tardis-dev computes), then with partial updates as the live preprocessor runs. */
async function benchWick(trades: readonly Trade[], options: BenchOptions): Promise<RateSample> {
  const finalsOnly: EngineCounts = { finals: 0, partials: 0, checksum: 0 };
  const withPartials: EngineCounts = { finals: 0, partials: 0, checksum: 0 };
  const wick = await measureRate(trades.length, () => runEngine(trades, false, finalsOnly), { warmups: 1, runs: options.quick ? 2 : 5 });
  line('wick CandleEngine, finals only', wick, `${formatCount(finalsOnly.finals)} candles`);
  // Fewer runs and no warm-up: the engine's code is warm from the runs before.
  const live = await measureRate(trades.length, () => runEngine(trades, true, withPartials), { warmups: 0, runs: options.quick ? 1 : 3 });
  line(`wick CandleEngine, partials ${DEFAULT_PARTIAL_THROTTLE_MS} ms`, live, `${formatCount(withPartials.finals)} finals + ${formatCount(withPartials.partials)} partials`);
  return wick;
}

async function benchTardis(trades: readonly Trade[], options: BenchOptions): Promise<RateSample> {
  const messages: TardisTrade[] = toTardisTrades(trades);
  // tardis-dev takes bar lengths in ms (none of the defaults is the variable-length 1M).
  const intervalsMs = DEFAULT_INTERVALS.map((name) => fixedLengthMs(name) as number);
  let bars = 0;
  const tardis = await measureRate(trades.length, async () => (bars = (await tardisTradeBars(messages, intervalsMs)).bars), {
    warmups: 1,
    runs: options.quick ? 1 : 3,
  });
  line('tardis-dev compute(computeTradeBars)', tardis, `${formatCount(bars)} bars (no empty intervals, floats)`);
  return tardis;
}

function line(name: string, sample: RateSample, note: string): void {
  console.log(`  ${name.padEnd(37)} ${formatSample(sample)} -> ${note}`);
}

export const benchmark: Benchmark = {
  name: 'candles',
  summary: `aggTrades per second per core through ${DEFAULT_INTERVALS.join(' ')}; wick vs tardis-dev`,
  async run(options) {
    for (const workload of workloads(options.quick)) {
      await benchWorkload(workload, options);
      collectGarbage();
    }
  },
};
