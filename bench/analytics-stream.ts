// StreamCandles fan-out: N subscribers on one analytics-api instance, each
// on one of S series, every series updated 10 times a second, so each
// subscriber should receive 10 updates a second. The clients run in a child
// process (analytics-stream-clients.ts) over HTTP/2: gRPC with 100 streams
// per connection, gRPC with one connection per stream (as separate browser
// tabs or bots would), and Connect's streaming protocol (what browsers speak,
// served through connect-node rather than the gRPC fast path). The
// publisher runs here, on the in-process bus the instance reads. Latency is
// counted from when an update was due (its scheduled publish time, written
// into update_time), so a late publisher counts against the figure too.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { InProcessBus } from '../common/bus/index.js';
import { silentLogger } from '../common/log/index.js';
import type { Registry } from '../common/metrics/index.js';
import { PgliteCandleStore } from '../common/store/index.js';
import { testCandle, type UpdateSpec } from '../services/analytics-api/testing/candle-updates.js';
import { startTestApi } from '../services/analytics-api/testing/test-api.js';
import type { ClientsCommand, ClientsMessage } from './analytics-stream-clients.js';
import type { StreamProtocol } from './grpc-client.js';
import type { BenchOptions } from './harness.js';
import { histogramPercentile } from './latency-stats.js';

const RATE_HZ = 10;
const SLOT_MS = 10;
const OPEN_TIME = Date.UTC(2024, 0, 1);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StreamBenchShape {
  readonly subscribers: number;
  readonly symbols: number;
  readonly connections: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** The fan-out scenarios: the protocol, and HTTP/2 connections per stream (shared by 100, or one each). */
export const STREAM_SCENARIOS = {
  'stream-grpc': { protocol: 'grpc', streamsPerConnection: 100 },
  'stream-grpc-own-connections': { protocol: 'grpc', streamsPerConnection: 1 },
  'stream-connect': { protocol: 'connect', streamsPerConnection: 100 },
} as const satisfies Record<string, { protocol: StreamProtocol; streamsPerConnection: number }>;

export type StreamScenario = keyof typeof STREAM_SCENARIOS;

export async function benchStreams(options: BenchOptions, scenario: StreamScenario, print: (line: string) => void): Promise<void> {
  const { protocol, streamsPerConnection } = STREAM_SCENARIOS[scenario];
  const subscribers = options.quick ? 500 : 5_000;
  const shape: StreamBenchShape = options.quick
    ? { subscribers, symbols: 20, connections: subscribers / streamsPerConnection, warmupMs: 2_000, measureMs: 4_000 }
    : { subscribers, symbols: 100, connections: subscribers / streamsPerConnection, warmupMs: 5_000, measureMs: 20_000 };
  const symbols = Array.from({ length: shape.symbols }, (_, index) => `BENCH${String(index).padStart(3, '0')}USDT`);
  const store = await PgliteCandleStore.open({ database: await PGlite.create(), logger: silentLogger() });
  await store.upsert(symbols.map((symbol) => testCandle({ symbol, openTime: OPEN_TIME - 60_000, tradeCount: 1, closed: true })));
  const bus = new InProcessBus();
  const api = await startTestApi({
    store, bus, maxStreams: shape.subscribers + 100,
    limits: { queueCapacity: 2_000, maxLagMs: 30_000, heartbeatMs: 15_000, cutGraceMs: 10_000 },
  });
  const clients = fork(`${ROOT}bin/run-ts.js`, [`${ROOT}bench/analytics-stream-clients.ts`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const publisher = new Publisher(symbols, (specs) => api.publish(specs));
  try {
    clients.send({ url: api.url, subscribers: shape.subscribers, connections: shape.connections, symbols, protocol } satisfies ClientsCommand);
    const live = await next(clients, 'live', 120_000);
    print(`${scenario}: ${shape.subscribers.toLocaleString('en-US')} ${protocol === 'grpc' ? 'gRPC' : 'Connect'} streams over ` +
      `${shape.connections.toLocaleString('en-US')} HTTP/2 connections live after ${live.type === 'live' ? live.ms : 0} ms`);
    publisher.start();
    await sleep(shape.warmupMs);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpu = process.cpuUsage();
    clients.send({ type: 'measure' });
    await sleep(shape.measureMs);
    const result = await next(clients, 'result', 60_000, () => clients.send({ type: 'stop' }));
    const used = process.cpuUsage(cpu);
    loopDelay.disable();
    publisher.stop();
    if (result.type === 'result') report(result, shape, { cpuPercent: ((used.user + used.system) / 1e3 / shape.measureMs) * 100, loopP99Ms: loopDelay.percentile(99) / 1e6 }, print);
    print(`publisher lateness (publish - due): p50 ${publisher.lateness(50)} ms, p99 ${publisher.lateness(99)} ms; ` +
      `server-side delivery (read off the bus -> written): ${await serverDelivery(api.registry)}`);
  } finally {
    publisher.stop();
    clients.kill();
    await api.close();
    await bus.close();
    await store.close();
  }
}

function report(result: Extract<ClientsMessage, { type: 'result' }>, shape: StreamBenchShape, server: { cpuPercent: number; loopP99Ms: number }, print: (line: string) => void): void {
  const seconds = shape.measureMs / 1_000;
  const rates = result.perSubscriber.map((count) => count / seconds).sort((a, b) => a - b);
  const expected = shape.subscribers * RATE_HZ * seconds;
  const p = (q: number) => `${histogramPercentile(result.histogram, q)} ms`;
  print(`updates delivered: ${result.updates.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} due in ${seconds} s ` +
    `(${Math.round(result.updates / seconds).toLocaleString('en-US')}/s); per subscriber min ${rates[0]?.toFixed(2)}/s, ` +
    `median ${rates[Math.floor(rates.length / 2)]?.toFixed(2)}/s; streams ended early: ${result.ended}${result.endings.length > 0 ? ` (${result.endings.join('; ')})` : ''}`);
  print(`delivery latency (due -> client receipt): p50 ${p(50)}, p90 ${p(90)}, p99 ${p(99)}, max ${p(100)}`);
  print(`server process: ${server.cpuPercent.toFixed(0)}% of one core, event-loop delay p99 ${server.loopP99Ms.toFixed(1)} ms; ` +
    `client process: ${result.cpuPercent.toFixed(0)}% of one core; machine load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
}

/** Each series gets RATE_HZ partial updates a second, the series spread over the slots of a period. */
class Publisher {
  private timer: NodeJS.Timeout | undefined;
  private slot = 0;
  private startedAt = 0;
  private readonly tradeCounts: number[];
  private readonly late = new Array<number>(10_001).fill(0);

  constructor(private readonly symbols: readonly string[], private readonly send: (specs: UpdateSpec[]) => Promise<void>) {
    this.tradeCounts = symbols.map(() => 0);
  }

  start(): void {
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.publishDue(), SLOT_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  lateness(percentile: number): number {
    return histogramPercentile(this.late, percentile);
  }

  private publishDue(): void {
    const slotsPerPeriod = 1_000 / RATE_HZ / SLOT_MS;
    while (this.startedAt + this.slot * SLOT_MS <= Date.now()) {
      const due = this.startedAt + this.slot * SLOT_MS;
      const phase = this.slot % slotsPerPeriod;
      const specs = this.symbols.flatMap((symbol, index) => {
        if (index % slotsPerPeriod !== phase) return [];
        this.tradeCounts[index] = (this.tradeCounts[index] ?? 0) + 1;
        return [{ symbol, openTime: OPEN_TIME, tradeCount: this.tradeCounts[index] ?? 1, closed: false, updateTime: due }];
      });
      this.slot += 1;
      const lateness = Math.min(10_000, Date.now() - due);
      this.late[lateness] = (this.late[lateness] ?? 0) + specs.length;
      if (specs.length > 0) void this.send(specs);
    }
  }
}

/** p50 and p99 of wick_analytics_delivery_seconds, as bucket upper bounds. */
async function serverDelivery(registry: Registry): Promise<string> {
  const metric = await registry.getSingleMetric('wick_analytics_delivery_seconds')?.get();
  const buckets = (metric?.values ?? []).filter((value) => (value as { metricName?: string }).metricName === 'wick_analytics_delivery_seconds_bucket');
  const total = buckets.at(-1)?.value ?? 0;
  const bound = (q: number) => {
    const found = buckets.find((bucket) => bucket.value >= total * q);
    return found === undefined ? '?' : `<= ${Number(found.labels.le) * 1_000} ms`;
  };
  return `p50 ${bound(0.5)}, p99 ${bound(0.99)} (histogram buckets, whole run)`;
}

function next(child: ChildProcess, type: ClientsMessage['type'], timeoutMs: number, then?: () => void): Promise<ClientsMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the client process sent no ${type} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ClientsMessage) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the client process exited (${code}) before sending ${type}`)));
    then?.();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
