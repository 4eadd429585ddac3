// Candle store benchmarks on the local PostgreSQL (DATABASE_URL), each in a
// throwaway schema: batched upserts per second (unnest arrays, the store's
// statement, at several statement sizes and parts in flight, against a
// multi-row VALUES list; one and four writers), and the latency of reading
// the latest 1,000 1m candles of one symbol out of a year of 1m history
// (525,600 rows).
// Goals (issue #4): >= 50,000 upserts/s; latest-1,000 p99 < 10 ms.
// Run: `npm run bench -- store` (bench/store.bench.ts re-exports it), or
//   node --import tsx --input-type=module -e \
//     "await (await import('./common/store/store.bench.ts')).runStoreBenchmarks({ quick: false })"
import type { Benchmark, BenchOptions } from '../../bench/harness.js';
import { silentLogger } from '../log/index.js';
import { DATABASE_URL } from '../testing/infra.js';
import type { Candle } from './domain.js';
import { PgCandleStore } from './pg-candle-store.js';
import { createPgExecutor } from './pg/pg-executor.js';
import type { SqlExecutor, SqlParam, SqlStatement } from './sql/executor.js';
import { UPSERT_CANDLES } from './sql/upsert.js';
import { MINUTE_MS, minuteSeries, uniqueSuffix } from './testing/fixtures.js';
import { dropSchema } from './testing/pg-test-schema.js';

const logger = silentLogger();
const YEAR_OF_MINUTES = 525_600;

export async function runStoreBenchmarks(options: BenchOptions, print: (line: string) => void = console.log): Promise<void> {
  const schema = `wick_bench_${uniqueSuffix()}`;
  const open = (tuning: { maxBatchSize?: number; writeConcurrency?: number } = {}) => PgCandleStore.open({
    databaseUrl: DATABASE_URL, schema, logger, migrations: 'apply', connectRetry: false, poolSize: 4, ...tuning,
  });
  const store = await open();
  const executor = createPgExecutor({ connectionString: DATABASE_URL, schema, logger, poolSize: 1 });
  try {
    print(`PostgreSQL at ${new URL(DATABASE_URL).host}, schema ${schema} (${store.mode} mode)`);
    await benchUpserts(open, executor, options, print);
    await benchLatest(store, options, print);
  } finally {
    await executor.close();
    await store.close();
    await dropSchema(schema);
  }
}

type OpenStore = (tuning?: { maxBatchSize?: number; writeConcurrency?: number }) => Promise<PgCandleStore>;

async function benchUpserts(open: OpenStore, executor: SqlExecutor, options: BenchOptions, print: (line: string) => void): Promise<void> {
  const total = options.quick ? 20_000 : 100_000;
  const runs = options.quick ? 1 : 3;
  // Every run writes new rows (a fresh exchange name); candles are generated
  // before the clock starts. Callers hand the store 10,000 candles at a time,
  // as a writer flushing a few seconds of all symbols would. Each figure is
  // the median of `runs` runs, with the slowest and fastest.
  const candles = (prefix: string) => syntheticCandles(`${prefix}${uniqueSuffix()}`, total, 20);
  const measure = async (write: (fresh: Candle[]) => Promise<unknown>): Promise<string> => {
    const rates: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const fresh = candles('u');
      rates.push(await timeRate(total, () => write(fresh)));
    }
    rates.sort((a, b) => a - b);
    return `${perSecond(rates[Math.floor(rates.length / 2)] ?? 0)}/s (${perSecond(rates[0] ?? 0)}..${perSecond(rates.at(-1) ?? 0)})`;
  };
  for (const [maxBatchSize, writeConcurrency] of [[1_000, 1], [2_000, 1], [5_000, 1], [2_000, 2], [1_000, 4]] as const) {
    const store = await open({ maxBatchSize, writeConcurrency });
    const rate = await measure((fresh) => writeBatches(fresh, 10_000, (part) => store.upsert(part)));
    await store.close();
    print(`upsert, unnest arrays, ${maxBatchSize} per statement, ${writeConcurrency} in flight: ${rate} new candles`);
  }
  for (const batch of [1_000, 2_000]) {
    const rate = await measure((fresh) => writeBatches(fresh, batch, (part) => upsertValues(executor, part)));
    print(`upsert, multi-row VALUES, ${batch} per statement, 1 in flight: ${rate} new candles`);
  }
  const store = await open();
  const replay = candles('r');
  await writeBatches(replay, 10_000, (part) => store.upsert(part));
  const again = await measure(() => writeBatches(replay, 10_000, (part) => store.upsert(part)));
  print(`upsert of already stored candles (nothing changes), defaults: ${again} candles`);
  const writers = await measure(async (fresh) => {
    const shares = Array.from({ length: 4 }, (_, writer) => fresh.filter((_, index) => index % 4 === writer));
    await Promise.all(shares.map((share) => writeBatches(share, 2_000, (part) => store.upsert(part))));
  });
  print(`upsert, defaults, 4 writers of 2,000-candle batches: ${writers} new candles`);
  await store.close();
}

async function benchLatest(store: PgCandleStore, options: BenchOptions, print: (line: string) => void): Promise<void> {
  const minutes = options.quick ? 50_000 : YEAR_OF_MINUTES;
  const exchange = `l${uniqueSuffix()}`;
  const start = Date.UTC(2023, 0, 1);
  for (let from = 0; from < minutes; from += 100_000) {
    const part = minuteSeries({ exchange, symbol: 'BTCUSDT', startMs: start + from * MINUTE_MS, minutes: Math.min(100_000, minutes - from), seed: from });
    await writeBatches(part, 2_000, (batch) => store.upsert(batch));
  }
  const query = { exchange, symbol: 'BTCUSDT', interval: '1m' as const, limit: 1_000 };
  for (let i = 0; i < 100; i += 1) await store.readLatest(query);
  const samples: number[] = [];
  for (let i = 0; i < (options.quick ? 300 : 2_000); i += 1) {
    const started = process.hrtime.bigint();
    const page = await store.readLatest(query);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (page.candles.length !== 1_000) throw new Error(`latest read returned ${page.candles.length} candles`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(2);
  print(`latest 1000 of ${minutes.toLocaleString('en-US')} 1m candles, ${samples.length} reads: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
}

/** `symbols` series of consecutive minutes, interleaved as a live writer would see them. */
function syntheticCandles(exchange: string, total: number, symbols: number): Candle[] {
  const per = Math.ceil(total / symbols);
  const series = Array.from({ length: symbols }, (_, s) =>
    minuteSeries({ exchange, symbol: `SYM${s}USDT`, startMs: Date.UTC(2024, 0, 1), minutes: per, seed: s }));
  const out: Candle[] = [];
  for (let i = 0; i < per && out.length < total; i += 1) for (const one of series) if (out.length < total) out.push(one[i] as Candle);
  return out;
}

async function writeBatches(candles: readonly Candle[], size: number, write: (part: readonly Candle[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < candles.length; start += size) await write(candles.slice(start, start + size));
}

async function timeRate(items: number, work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return items / (Number(process.hrtime.bigint() - started) / 1e9);
}

function perSecond(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

// The alternative the store does not use: the same statement with its input
// as a VALUES list (18 parameters per candle, one statement text per size).
const COLUMNS = ['text', 'text', 'text', 'int8', 'int8', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric',
  'numeric', 'numeric', 'int8', 'int8', 'int8', 'int4', 'bool'];

function valuesStatement(rows: number): SqlStatement {
  const tuples = Array.from({ length: rows }, (_, row) =>
    `(${COLUMNS.map((type, column) => `$${row * COLUMNS.length + column + 1}::${type}`).join(', ')})`);
  const rest = UPSERT_CANDLES.text.slice(UPSERT_CANDLES.text.indexOf('written AS ('));
  return {
    name: `bench_upsert_values_${rows}`,
    text: `WITH input (exchange, symbol, interval, open_ms, close_ms, open, high, low, close, volume, quote_volume,
      taker_buy_volume, taker_buy_quote_volume, trade_count, first_trade_id, last_trade_id, revision, closed)
      AS (VALUES ${tuples.join(', ')}),\n${rest}`,
  };
}

function upsertValues(executor: SqlExecutor, candles: readonly Candle[]): Promise<unknown> {
  const params: SqlParam[] = candles.flatMap((c) => [
    c.exchange, c.symbol, c.interval, String(c.openTime), String(c.closeTime), c.open, c.high, c.low, c.close, c.volume,
    c.quoteVolume, c.takerBuyVolume, c.takerBuyQuoteVolume, String(c.tradeCount), String(c.firstTradeId),
    String(c.lastTradeId), String(c.revision), c.closed,
  ]);
  return executor.query(valuesStatement(candles.length), params);
}

export const benchmark: Benchmark = {
  name: 'store',
  summary: 'candle store on the local PostgreSQL: batched upserts/s and latest-1,000 read latency over a year of 1m candles',
  run: (options) => runStoreBenchmarks(options),
};
