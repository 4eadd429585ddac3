// Helpers of bench/preprocessor.bench.ts: a run's topics, Redis database and
// store schema, CPU time of a child process, and latency percentiles.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { KafkaBus } from '../../../common/bus/index.js';
import { deleteGroups } from '../../../common/bus/testing/kafka-groups.js';
import { silentLogger } from '../../../common/log/index.js';
import { PgCandleStore } from '../../../common/store/index.js';
import { dropSchema } from '../../../common/store/testing/pg-test-schema.js';
import { canConnect, DATABASE_URL, endpoints, KAFKA_BROKERS, REDIS_URL } from '../../../common/testing/infra.js';
import { PreprocessorProcess } from './preprocessor-process.js';

/** A Redis database of the benchmark's own. */
const BENCH_REDIS_DATABASE = 15;

export async function servicesReachable(): Promise<string | undefined> {
  for (const endpoint of [endpoints.kafka(), endpoints.redis(), endpoints.postgres()]) {
    if (!(await canConnect(endpoint.host, endpoint.port))) return `${endpoint.name} at ${endpoint.host}:${endpoint.port} is unreachable`;
  }
  return undefined;
}

export class BenchRun {
  readonly children: PreprocessorProcess[] = [];

  private constructor(
    readonly prefix: string,
    readonly bus: KafkaBus,
    readonly store: PgCandleStore,
    readonly schema: string,
    private readonly redis: Redis,
  ) {}

  static async open(name: string, partitions: number): Promise<BenchRun> {
    const suffix = randomBytes(4).toString('hex');
    const prefix = `bench-pp-${name}-${suffix}.`;
    const schema = `wick_bench_pp_${suffix}`;
    const bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: `bench-pp-${name}`, logger: silentLogger(), maxWaitTimeMs: 100 });
    await bus.createTopics([
      { topic: `${prefix}wick.trades.v1`, partitions },
      { topic: `${prefix}wick.candles.v1`, partitions },
    ]);
    const store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
    const redis = new Redis(redisUrl());
    await redis.flushdb();
    return new BenchRun(prefix, bus, store, schema, redis);
  }

  get tradesTopic(): string {
    return `${this.prefix}wick.trades.v1`;
  }

  get candlesTopic(): string {
    return `${this.prefix}wick.candles.v1`;
  }

  async startPreprocessor(extraArgs: readonly string[]): Promise<PreprocessorProcess> {
    const child = await PreprocessorProcess.start(`${this.prefix}preprocessor`, [
      '--kafka-brokers', KAFKA_BROKERS,
      '--redis-url', redisUrl(),
      '--database-url', DATABASE_URL,
      '--database-schema', this.schema,
      '--topic-prefix', this.prefix,
      '--group-id', `${this.prefix}preprocessor`,
      '--log-level', 'warn',
      ...extraArgs,
    ]);
    this.children.push(child);
    return child;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.children.map((child) => child.stop()));
    await this.bus.deleteTopics([this.tradesTopic, this.candlesTopic, `${this.tradesTopic}.dlq`]).catch(() => undefined);
    await deleteGroups([`${this.prefix}preprocessor`, `${this.prefix}reader`]).catch(() => undefined);
    await this.bus.close().catch(() => undefined);
    await this.store.close().catch(() => undefined);
    await dropSchema(this.schema).catch(() => undefined);
    await this.redis.flushdb().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}

function redisUrl(): string {
  return `${REDIS_URL.replace(/\/\d*$/, '')}/${BENCH_REDIS_DATABASE}`;
}

/** User + system CPU seconds a process has used so far (Linux /proc). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start past the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}
