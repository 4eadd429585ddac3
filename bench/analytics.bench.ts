// `npm run bench -- analytics`: GetCandles latency on the embedded store and
// on PostgreSQL (goal: p99 under 10 ms for 1,000 1m candles), and 5,000
// StreamCandles subscribers on one instance at 10 updates a second each
// (goal: p99 delivery latency under 100 ms), clients in a child process.
// Also what a Redis-backed cache of the hot read would cost (analytics-redis.ts).
import { benchGetCandles } from './analytics-get-candles.js';
import { benchRedisPage } from './analytics-redis.js';
import { benchStreams } from './analytics-stream.js';
import type { Benchmark } from './harness.js';

export const benchmark: Benchmark = {
  name: 'analytics',
  summary: 'analytics-api: GetCandles p99 (PGlite, PostgreSQL) and StreamCandles fan-out to 5,000 subscribers',
  async run(options) {
    await benchGetCandles(options, console.log);
    await benchRedisPage(options, console.log);
    await benchStreams(options, console.log);
  },
};
