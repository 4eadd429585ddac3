// GetCandles latency: the latest 1,000 1m candles of one symbol out of 30
// days of them, one request at a time over gRPC (HTTP/2), on the embedded
// store (PGlite) and on PostgreSQL, with the in-memory latest-candles cache
// off (every request reads the store) and on (the default). The server's
// figure comes from a client that only receives the bytes (request to last
// byte and trailers); a connect-es client adds its own decoding of 1,000
// candles (protobuf-es, several ms of client CPU), shown apart.
import { connect } from 'node:http2';
import { create, toBinary } from '@bufbuild/protobuf';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { PGlite } from '@electric-sql/pglite';
import { InProcessBus } from '../common/bus/index.js';
import { CandleService, GetCandlesRequestSchema } from '../common/gen/wick/v1/candle_service_pb.js';
import { silentLogger } from '../common/log/index.js';
import { PgCandleStore, PgliteCandleStore, type CandleStore } from '../common/store/index.js';
import { minuteSeries, uniqueSuffix } from '../common/store/testing/fixtures.js';
import { dropSchema } from '../common/store/testing/pg-test-schema.js';
import { DATABASE_URL } from '../common/testing/infra.js';
import { startTestApi } from '../services/analytics-api/testing/test-api.js';
import { unaryCall } from './grpc-client.js';
import type { BenchOptions } from './harness.js';
import { describeMs } from './latency-stats.js';

const DAYS = 30;
const START = Date.UTC(2024, 0, 1);
const REQUEST = { symbol: 'BTCUSDT', interval: '1m', limit: 1_000 };

export async function benchGetCandles(options: BenchOptions, print: (line: string) => void): Promise<void> {
  const pglite = await PgliteCandleStore.open({ database: await PGlite.create(), logger: silentLogger() });
  try {
    await measure('PGlite (in memory)', pglite, options, print);
  } finally {
    await pglite.close();
  }
  const schema = `wick_bench_${uniqueSuffix()}`;
  const postgres = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
  try {
    await measure(`PostgreSQL ${new URL(DATABASE_URL).host} (${postgres.mode} mode)`, postgres, options, print);
  } finally {
    await postgres.close();
    await dropSchema(schema);
  }
}

async function measure(name: string, store: CandleStore, options: BenchOptions, print: (line: string) => void): Promise<void> {
  const candles = minuteSeries({ exchange: 'binance', symbol: 'BTCUSDT', startMs: START, minutes: (options.quick ? 3 : DAYS) * 1_440, seed: 7 });
  for (let index = 0; index < candles.length; index += 10_000) await store.upsert(candles.slice(index, index + 10_000));
  print(`${name}: GetCandles latest 1,000 of ${candles.length.toLocaleString('en-US')} 1m candles, sequential:`);
  for (const latestSeries of [0, 200]) {
    const bus = new InProcessBus();
    const api = await startTestApi({ store, bus, latestSeries });
    const session = connect(api.url);
    try {
      const warmups = options.quick ? 20 : 200;
      const runs = options.quick ? 200 : 2_000;
      const request = toBinary(GetCandlesRequestSchema, create(GetCandlesRequestSchema, REQUEST));
      const raw = await timeCalls(warmups, runs, async () => {
        const result = await unaryCall(session, '/wick.v1.CandleService/GetCandles', request);
        if (result.status !== '0' || result.bodyBytes < 100_000) throw new Error(`GetCandles failed: grpc-status ${result.status}`);
      });
      const cache = latestSeries === 0 ? 'cache off, store read' : 'cache on, from memory';
      print(`  ${cache}, server (bytes received): ${describeMs(raw)} (${runs} calls)`);
      if (latestSeries === 0) continue;
      const client = createClient(CandleService, createGrpcTransport({ baseUrl: api.url }));
      const decoded = await timeCalls(warmups, Math.floor(runs / 4), async () => {
        if ((await client.getCandles(REQUEST)).candles.length !== 1_000) throw new Error('expected 1,000 candles');
      });
      print(`  ${cache}, connect-es client (decoded): ${describeMs(decoded)} (${Math.floor(runs / 4)} calls)`);
    } finally {
      session.destroy();
      await api.close();
      await bus.close();
    }
  }
}

async function timeCalls(warmups: number, runs: number, call: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < warmups; i += 1) await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}
