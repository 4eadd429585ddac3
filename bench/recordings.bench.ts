// Streaming readers and `wick candles` end to end over a large generated
// aggTrades CSV: rows per second, and resident memory sampled while reading
// to show it stays flat whatever the file size. The file lives in a temp
// directory and is deleted afterwards.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openRecording } from '../common/recordings/reader.js';
import { main as candlesMain } from '../services/candles/main.js';
import { collectGarbage, formatCount, formatRate, megabytes, type Benchmark } from './harness.js';
import { seededRandom } from '../common/testing/seeded-random.js';
import { unitsToDecimal } from './synthetic-trades.js';

async function writeAggTradesCsv(path: string, rows: number): Promise<void> {
  const random = seededRandom(7);
  const out = createWriteStream(path);
  let price = 43_000_12_000_000;
  let tradeId = 3_000_000_000;
  let time = Date.UTC(2025, 0, 1);
  const batch: string[] = [];
  out.write('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n');
  for (let id = 1; id <= rows; id++) {
    price = Math.max(1_000_000, price + 1_000_000 * (Math.floor(random() * 5) - 2));
    const extra = random() < 0.8 ? 0 : Math.floor(random() * 4) + 1;
    time += Math.round(-Math.log(1 - random()) * 70);
    const quantity = unitsToDecimal(1000 * (1 + Math.floor(random() * 100_000)));
    // Spot files from 2025 on carry microseconds.
    const micros = `${time}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
    batch.push(`${id},${unitsToDecimal(price)},${quantity},${tradeId},${tradeId + extra},${micros},${random() < 0.5 ? 'true' : 'false'},true\n`);
    tradeId += extra + 1;
    if (batch.length === 10_000 || id === rows) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
}

interface Measured<T> {
  readonly result: T;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly startRss: number;
  readonly peakRss: number;
  readonly endRss: number;
}

/** Times `work` (wall and CPU) and samples RSS every 20 ms while it runs. */
async function withMemory<T>(work: () => Promise<T>): Promise<Measured<T>> {
  collectGarbage();
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const endRss = process.memoryUsage.rss();
    return { result, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, startRss, peakRss: Math.max(peakRss, endRss), endRss };
  } finally {
    clearInterval(timer);
  }
}

function report(name: string, rows: number, m: Measured<unknown>): void {
  console.log(
    `  ${name.padEnd(30)} ${formatRate(rows / m.cpuSeconds).padStart(9)} rows per CPU s (wall ${formatRate(rows / m.wallSeconds)}); ` +
      `RSS start ${megabytes(m.startRss)}, peak ${megabytes(m.peakRss)}, end ${megabytes(m.endRss)}`,
  );
}

const nullSink = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

export const benchmark: Benchmark = {
  name: 'recordings',
  summary: 'streaming a large aggTrades CSV: reader and `wick candles` rows/s and RSS',
  async run(options) {
    const rows = options.quick ? 500_000 : 5_000_000;
    const dir = await mkdtemp(join(tmpdir(), 'wick-bench-'));
    const path = join(dir, 'BTCUSDT-aggTrades-2025-01.csv');
    try {
      await writeAggTradesCsv(path, rows);
      console.log(`\n${formatCount(rows)} rows, ${megabytes((await stat(path)).size)} (header row, microsecond times as in 2025 spot files)`);
      const batches = await withMemory(async () => {
        let n = 0;
        for await (const trades of openRecording(path).batches()) n += trades.length;
        return n;
      });
      report('reader, batches()', batches.result, batches);
      const single = await withMemory(async () => {
        let n = 0;
        for await (const _trade of openRecording(path)) n++;
        return n;
      });
      report('reader, one trade per await', single.result, single);
      for (const interval of ['1m', '1s']) {
        const cli = await withMemory(() => candlesMain(['--input', path, '--interval', interval], { stdout: nullSink(), stderr: process.stderr, env: {} }));
        if (cli.result !== 0) throw new Error(`wick candles exited ${cli.result}`);
        report(`wick candles --interval ${interval}`, rows, cli);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
