// `npm run bench -- analytics`: GetCandles latency on the embedded store and
// on PostgreSQL (goal: p99 under 10 ms for 1,000 1m candles), and 5,000
// StreamCandles subscribers on one instance at 10 updates a second each
// (goal: p99 delivery latency under 100 ms), clients in a child process.
// Also what a Redis-backed cache of the hot read would cost (analytics-redis.ts).
// WICK_BENCH_ANALYTICS_PARTS (a list of get, redis and the stream scenarios of
// analytics-stream.ts) runs some of them.
import { benchGetCandles } from './analytics-get-candles.js';
import { benchRedisPage } from './analytics-redis.js';
import { benchStreams, STREAM_SCENARIOS, type StreamScenario } from './analytics-stream.js';
import { benchParts, type Benchmark } from './harness.js';

const STREAM_PARTS = Object.keys(STREAM_SCENARIOS) as StreamScenario[];
const BENCH_PARTS = ['get', 'redis', ...STREAM_PARTS] as const;

export const benchmark: Benchmark = {
  name: 'analytics',
  summary: 'analytics-api: GetCandles p99 (PGlite, PostgreSQL) and StreamCandles fan-out to 5,000 subscribers',
  async run(options) {
    const parts = benchParts('WICK_BENCH_ANALYTICS_PARTS', BENCH_PARTS);
    if (parts.has('get')) await benchGetCandles(options, console.log);
    if (parts.has('redis')) await benchRedisPage(options, console.log);
    for (const scenario of STREAM_PARTS) if (parts.has(scenario)) await benchStreams(options, scenario, console.log);
  },
};
