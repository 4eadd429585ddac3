// What a Redis-backed cache of the hot read would cost: the latest 1,000 1m
// candles of a series kept in Redis as one encoded GetCandlesResponse (the
// cheapest form: sent as it is), read with one GET per request. Compared in
// the report with the in-memory cache (LatestCandles) and the store read the
// GetCandles benchmark measures, it decides whether Redis earns its place.
import { create, toBinary } from '@bufbuild/protobuf';
import { Redis } from 'ioredis';
import { GetCandlesResponseSchema } from '../common/gen/wick/v1/candle_service_pb.js';
import { fromDomainCandle } from '../common/serde/index.js';
import { minuteSeries, uniqueSuffix } from '../common/store/testing/fixtures.js';
import { REDIS_URL } from '../common/testing/infra.js';
import type { BenchOptions } from './harness.js';
import { describeMs } from './latency-stats.js';

export async function benchRedisPage(options: BenchOptions, print: (line: string) => void): Promise<void> {
  const candles = minuteSeries({ exchange: 'binance', symbol: 'BTCUSDT', startMs: Date.UTC(2024, 0, 1), minutes: 1_000, seed: 7 });
  const page = toBinary(GetCandlesResponseSchema, create(GetCandlesResponseSchema, { candles: candles.map((candle) => fromDomainCandle(candle, 0)) }));
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
  } catch (error) {
    print(`Redis at ${REDIS_URL} unreachable (${(error as Error).message}); Redis page read not measured`);
    redis.disconnect();
    return;
  }
  const key = `wick:bench:latest:${uniqueSuffix()}`;
  try {
    await redis.set(key, Buffer.from(page), 'EX', 600);
    const runs = options.quick ? 200 : 2_000;
    for (let i = 0; i < runs / 10; i += 1) await redis.getBuffer(key);
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = process.hrtime.bigint();
      const bytes = await redis.getBuffer(key);
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (bytes?.length !== page.length) throw new Error('the Redis page changed');
    }
    samples.sort((a, b) => a - b);
    print(`Redis ${new URL(REDIS_URL).host}: GET of the encoded latest-1,000 page (${(page.length / 1024).toFixed(0)} KiB), ` +
      `the floor of a Redis-backed GetCandles before sending: ${describeMs(samples)} (${runs} calls)`);
  } finally {
    await redis.del(key);
    redis.disconnect();
  }
}
