// What the collector benchmark needs besides the collector: the simulator in
// a child process (`wick simulate`, so it does not share the collector's
// event loop), a recording with evenly spaced trades for a steady rate, and
// a collector wired to Kafka whose acknowledged trades and latencies are
// counted exactly (not from histogram buckets).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bus } from '../../../common/bus/index.js';
import { silentLogger } from '../../../common/log/index.js';
import { createMetricsRegistry } from '../../../common/metrics/index.js';
import { createRetryMetrics } from '../../../common/retry/index.js';
import { BinanceRestClient } from '../binance/rest-client.js';
import { Collector, type CollectorSettings } from '../collector.js';
import { wsSocketOpener } from '../feed/ws-socket.js';
import { createCollectorMetrics } from '../metrics.js';
import { freePort } from '../../../common/testing/free-port.js';

const WICK = fileURLToPath(new URL('../../../bin/wick.js', import.meta.url));

export interface SimulatorProcess {
  readonly url: string;
  readonly restUrl: string;
  /** The simulator's process id (to read its CPU time). */
  readonly pid: number;
  /** POST /__control/<action>. */
  control(action: string, body?: unknown): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `wick simulate` with `args` on a free port and waits until it answers.
 * WICK_BENCH_SIMULATOR_NODE_ARGS (space-separated) goes to its node, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
 */
export async function spawnSimulator(args: readonly string[]): Promise<SimulatorProcess> {
  const port = await freePort();
  const nodeArgs = (process.env.WICK_BENCH_SIMULATOR_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, WICK, 'simulate', ...args, '--port', String(port), '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const restUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wick simulate exited with ${child.exitCode}`);
    const up = await fetch(`${restUrl}/api/v3/ping`).then((response) => response.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error('wick simulate did not come up in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    restUrl,
    pid: child.pid as number,
    control: async (action, body) => {
      const response = await fetch(`${restUrl}/__control/${action}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** An aggTrades CSV (data.binance.vision layout) of `count` trades, `perMs` in every millisecond. */
export async function writeEvenAggTrades(path: string, count: number, perMs: number): Promise<void> {
  const out = createWriteStream(path);
  const start = Date.UTC(2024, 0, 1);
  const rows: string[] = [];
  for (let id = 1; id <= count; id += 1) {
    const cents = 4_200_000 + (id % 1_000);
    rows.push(`${id},${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}000000,0.${String(1 + (id % 999)).padStart(5, '0')},${id},${id},${start + Math.floor(id / perMs)},${id % 2 === 0 ? 'true' : 'false'},true\n`);
    if (rows.length === 10_000 || id === count) {
      if (!out.write(rows.join(''))) await once(out, 'drain');
      rows.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
}

export interface MeasuredCollector {
  readonly collector: Collector;
  /** Trades Kafka acknowledged so far. */
  acked(): number;
  /** Acknowledged runs of one symbol's trades so far: with one symbol, the batches Kafka acknowledged. */
  ackedRuns(): number;
  /** Of those, the ones fetched over REST (gap backfill) rather than taken live; and the reconnects so far. */
  detours(): { readonly backfilled: number; readonly reconnects: number };
  /** Exchange-time-to-ack and receive-to-ack latencies (ms) of live trades, from now on. */
  startSampling(): { readonly exchange: number[]; readonly internal: number[] };
}

/** A collector on `bus` with its acknowledgements counted and its latencies kept. */
export function measuredCollector(bus: Bus, settings: CollectorSettings, restUrl: string): MeasuredCollector {
  const registry = createMetricsRegistry({ service: 'collector-bench', defaultMetrics: false });
  const base = createCollectorMetrics(registry);
  let acked = 0;
  let ackedRuns = 0;
  let backfilled = 0;
  let reconnects = 0;
  let samples: { exchange: number[]; internal: number[] } | undefined;
  const metrics = {
    ...base,
    published: (symbol: string, source: string, count: number) => {
      acked += count;
      ackedRuns += 1;
      if (source === 'rest') backfilled += count;
      base.published(symbol, source, count);
    },
    reconnect: (reason: Parameters<typeof base.reconnect>[0]) => {
      reconnects += 1;
      base.reconnect(reason);
    },
    latency: (seconds: number) => {
      samples?.exchange.push(seconds * 1_000);
      base.latency(seconds);
    },
    internalLatency: (seconds: number) => {
      samples?.internal.push(seconds * 1_000);
      base.internalLatency(seconds);
    },
  };
  const logger = silentLogger();
  const rest = new BinanceRestClient({ baseUrl: restUrl, timeoutMs: 5_000, weightBudget: 6_000, retry: { maxAttempts: 3, startingDelayMs: 50, maxDelayMs: 500 }, logger, retryMetrics: createRetryMetrics(registry), metrics });
  const collector = new Collector(settings, { bus, rest, openSocket: wsSocketOpener({ handshakeTimeoutMs: 5_000, closeTimeoutMs: 1_000 }), metrics, logger });
  return {
    collector,
    acked: () => acked,
    ackedRuns: () => ackedRuns,
    detours: () => ({ backfilled, reconnects }),
    startSampling: () => (samples = { exchange: [], internal: [] }),
  };
}

/** The value at `fraction` (0: the minimum, 1: the maximum) of ascending `sorted`, nearest-rank. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}
