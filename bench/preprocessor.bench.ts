// `wick preprocessor` end to end on real Kafka, Redis and PostgreSQL, as a
// child process started through the CLI:
// (1) sustained trades per second one preprocessor handles: a backlog of
//     synthetic Binance-like aggTrades (10 symbols) is put into
//     wick.trades.v1 first, then the preprocessor works through it, with
//     checkpoints, candle updates and store writes as in production;
// (2) latency from a trade's produce to the first partial candle update on
//     wick.candles.v1 that holds it, with trades produced live (trade time =
//     now) at a steady 10,000 a second.
// Goals (issue #6): >= 100,000 trades/s; p99 < 50 ms. A baseline run puts
// the same load through one Kafka hop without the preprocessor, so the
// latency can be read against what the machine allows.
import type { Candle } from '../common/candles/candle.js';
import type { Trade } from '../common/candles/trade.js';
import type { BusProducer, OutgoingMessage } from '../common/bus/index.js';
import { decodeCandle, toDomainCandle } from '../common/serde/index.js';
import { OrderedSender } from '../services/preprocessor/emit/ordered-sender.js';
import { BenchRun, cpuSeconds, percentile, servicesReachable } from '../services/preprocessor/testing/bench-support.js';
import { tradeMessage } from '../services/preprocessor/testing/trades.js';
import { formatCount, formatRate, type Benchmark, type BenchOptions } from './harness.js';
import { syntheticTrades } from './synthetic-trades.js';

const THROUGHPUT_GOAL = 100_000;
const LATENCY_RATE = 10_000;
const P99_GOAL_MS = 50;
const PARTITIONS = 6;

async function throughput(options: BenchOptions): Promise<void> {
  const count = options.quick ? 200_000 : 2_000_000;
  const run = await BenchRun.open('throughput', PARTITIONS);
  try {
    const trades = syntheticTrades({ trades: count, seed: 20240301, start: Date.UTC(2024, 2, 1) });
    const producer = await run.bus.producer();
    const produceStarted = performance.now();
    for (let at = 0; at < trades.length; at += 1_000) await producer.send(run.tradesTopic, trades.slice(at, at + 1_000).map((trade) => tradeMessage(trade)));
    const produceSeconds = (performance.now() - produceStarted) / 1_000;
    await producer.close();
    console.log(`backlog: ${formatCount(count)} synthetic aggTrades (10 symbols) produced in ${produceSeconds.toFixed(1)} s`);

    const child = await run.startPreprocessor(['--checkpoint-interval', '1s', '--max-batch', '20000']);
    const marks: Array<{ at: number; trades: number; cpu: number }> = [];
    const deadline = Date.now() + 600_000;
    for (;;) {
      const trades = await child.metric('wick_preprocessor_trades_total');
      marks.push({ at: performance.now(), trades, cpu: child.pid === undefined ? 0 : await cpuSeconds(child.pid) });
      if (trades >= count) break;
      if (Date.now() > deadline || !child.running) throw new Error(`the preprocessor stopped at ${trades} trades:\n${child.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const first = marks.find((mark) => mark.trades > 0) ?? marks[0]!;
    const from = marks.find((mark) => mark.trades >= count * 0.1) ?? first;
    const to = [...marks].reverse().find((mark) => mark.trades <= count * 0.9) ?? marks.at(-1)!;
    const last = marks.at(-1)!;
    const sustained = (to.trades - from.trades) / ((to.at - from.at) / 1_000);
    const overall = (last.trades - first.trades) / ((last.at - first.at) / 1_000);
    const perCpu = (last.trades - first.trades) / Math.max(0.001, last.cpu - first.cpu);
    console.log(`throughput: ${formatRate(sustained)} sustained (10%..90% of the backlog), ${formatRate(overall)} overall, ${formatRate(perCpu)} per CPU second of the preprocessor`);
    console.log(`  candles sent: ${formatCount(await child.metric('wick_preprocessor_candles_emitted_total'))}, written to the store: ${formatCount(await child.metric('wick_preprocessor_store_candles_total'))}, checkpoints: ${formatCount(await child.metric('wick_preprocessor_checkpoints_total', 'outcome="written"'))}`);
    console.log(`  goal >= ${formatCount(THROUGHPUT_GOAL)}/s: ${sustained >= THROUGHPUT_GOAL ? 'met' : 'NOT met'}`);
  } finally {
    await run.close();
  }
}

/** Trades of `symbols` with contiguous ids per symbol, priced like the synthetic workload, timed now. */
function liveTrades(symbols: readonly string[], perSymbol: Map<string, number>, count: number, now: number): Trade[] {
  return Array.from({ length: count }, (_, i) => {
    const symbol = symbols[i % symbols.length] as string;
    const id = perSymbol.get(symbol) ?? 1;
    perSymbol.set(symbol, id + 1);
    return { symbol, aggregateId: id, firstTradeId: id, lastTradeId: id, price: '43000.12000000', quantity: '0.01000000', time: now, buyerIsMaker: i % 2 === 0 };
  });
}

async function latency(options: BenchOptions, throttle: string): Promise<void> {
  const seconds = options.quick ? 6 : 20;
  const warmupMs = 2_000;
  const run = await BenchRun.open('latency', PARTITIONS);
  try {
    const child = await run.startPreprocessor(['--partial-throttle', throttle, '--checkpoint-interval', '1s']);
    const arrivals = new Map<string, Array<{ lastTradeId: number; at: number }>>();
    const reader = run.bus.consumer({ groupId: `${run.prefix}reader`, topics: [run.candlesTopic], fromBeginning: false });
    await reader.run({
      eachBatch: async (batch) => {
        const at = performance.now();
        for (const message of batch.messages) {
          const candle: Candle = toDomainCandle(decodeCandle(message.value));
          if (candle.closed || candle.interval !== '1m') continue;
          const list = arrivals.get(candle.symbol) ?? [];
          list.push({ lastTradeId: candle.lastTradeId, at });
          arrivals.set(candle.symbol, list);
        }
      },
    });
    // Wait until the preprocessor is in its group and reading.
    const deadline = Date.now() + 60_000;
    // NaN (not answering yet) is not joined either.
    while (!((await child.metric('wick_preprocessor_owned_partitions')) >= PARTITIONS)) {
      if (Date.now() > deadline) throw new Error(`the preprocessor did not join:\n${child.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const symbols = Array.from({ length: 10 }, (_, i) => `LAT${i}USDT`);
    const ids = new Map<string, number>();
    // When each trade went out in a produce request: the clock starts there, so a
    // request queued behind a slow one in this (busy) process is not billed to the preprocessor.
    const sent = new Map<string, Array<{ lastTradeId: number; at: number }>>();
    const producer = await run.bus.producer();
    const tradeOf = new WeakMap<OutgoingMessage, Trade>();
    const recording: BusProducer = {
      send: (topic, messages) => {
        const at = performance.now();
        for (const message of messages) {
          const trade = tradeOf.get(message) as Trade;
          const list = sent.get(trade.symbol) ?? [];
          list.push({ lastTradeId: trade.lastTradeId, at });
          sent.set(trade.symbol, list);
        }
        return producer.send(topic, messages);
      },
      close: () => producer.close(),
    };
    // As the collector does: one produce request in flight, what arrives meanwhile goes in the next.
    const sender = new OrderedSender(recording, run.tradesTopic);
    const perTick = LATENCY_RATE / 100;
    const started = performance.now();
    for (let tick = 0; tick < seconds * 100; tick++) {
      const due = started + tick * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const messages = liveTrades(symbols, ids, perTick, Date.now()).map((trade) => {
        const message = tradeMessage(trade);
        tradeOf.set(message, trade);
        return message;
      });
      void sender.send(messages);
    }
    await sender.drained();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await producer.close();
    await reader.stop();
    const latencies: number[] = [];
    let unmatched = 0;
    for (const [symbol, trades] of sent) {
      const partials = arrivals.get(symbol) ?? [];
      let next = 0;
      let newest = -1;
      for (const trade of trades) {
        while (newest < trade.lastTradeId && next < partials.length) newest = Math.max(newest, partials[next++]!.lastTradeId);
        const arrival = partials[next - 1];
        if (newest < trade.lastTradeId || arrival === undefined) unmatched++;
        else if (trade.at - started >= warmupMs) latencies.push(arrival.at - trade.at);
      }
    }
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 0.99);
    console.log(
      `latency at ${formatCount(LATENCY_RATE)} trades/s, --partial-throttle ${throttle}, produce -> first 1m partial holding the trade (${formatCount(latencies.length)} trades after ${warmupMs / 1_000} s warm-up): ` +
        `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms` +
        (unmatched > 0 ? ` (${unmatched} trades in no partial received)` : ''),
    );
    if (throttle === '0') console.log(`  goal p99 < ${P99_GOAL_MS} ms: ${p99 < P99_GOAL_MS ? 'met' : 'NOT met'}`);
  } finally {
    await run.close();
  }
}

/**
 * The same load through one Kafka hop without the preprocessor (produce, then
 * consume in this process): the floor the machine puts under the two hops of
 * the latency run, so a p99 there can be judged against it.
 */
async function kafkaHopBaseline(options: BenchOptions): Promise<void> {
  const seconds = options.quick ? 6 : 20;
  const run = await BenchRun.open('baseline', PARTITIONS);
  try {
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let started = 0;
    const reader = run.bus.consumer({ groupId: `${run.prefix}reader`, topics: [run.tradesTopic], fromBeginning: false });
    await reader.run({
      eachBatch: async (batch) => {
        const at = performance.now();
        for (const message of batch.messages) {
          const sent = sentAt.get(`${message.key}/${Buffer.from(message.value).toString()}`);
          if (sent !== undefined && sent - started >= 2_000) latencies.push(at - sent);
        }
      },
    });
    // A reader that joined after the first messages would bill its own start to them.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const producer = await run.bus.producer();
    const sender = new OrderedSender(producer, run.tradesTopic);
    const perTick = LATENCY_RATE / 100;
    started = performance.now();
    for (let tick = 0; tick < seconds * 100; tick++) {
      const wait = started + tick * 10 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = performance.now();
      const messages = Array.from({ length: perTick }, (_, i) => ({ key: `binance:LAT${i % 10}USDT`, value: Buffer.from(`${tick}.${i}`) }));
      for (const message of messages) sentAt.set(`${message.key}/${message.value.toString()}`, at);
      void sender.send(messages);
    }
    await sender.drained();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await reader.stop();
    await producer.close();
    latencies.sort((a, b) => a - b);
    console.log(
      `baseline: one Kafka hop (produce -> consume, no preprocessor) at ${formatCount(LATENCY_RATE)} messages/s: ` +
        `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
    );
  } finally {
    await run.close();
  }
}

export const benchmark: Benchmark = {
  name: 'preprocessor',
  summary: 'wick preprocessor on Kafka, Redis and PostgreSQL: sustained trades/s (goal >= 100,000) and p99 produce-to-partial latency at 10,000 trades/s (goal < 50 ms)',
  async run(options) {
    const missing = await servicesReachable();
    if (missing !== undefined) {
      console.log(`skipped: ${missing}`);
      return;
    }
    await throughput(options);
    await kafkaHopBaseline(options);
    await latency(options, '0');
    await latency(options, '250ms');
  },
};
