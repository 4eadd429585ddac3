// Both API services mounted on one HTTP server with createServiceHandler,
// as `wick start` does: CandleService (with its plain gRPC fast path),
// QueryService and GET /v1/candles side by side, the embedding process's own
// fallback for other paths, and the call metrics with the codes clients got.
import { PGlite } from '@electric-sql/pglite';
import { Code, ConnectError } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../common/bus/index.js';
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import { silentLogger } from '../../common/log/index.js';
import { createMetricsRegistry, type Registry } from '../../common/metrics/index.js';
import { createServiceHandler } from '../../common/rpc/index.js';
import { PgliteCandleStore, type CandleStore } from '../../common/store/index.js';
import { QueryApi } from '../query-service/query-api.js';
import { DAY, DAY0, seriesOf } from '../query-service/testing/fixtures.js';
import { queryClient } from '../query-service/testing/test-query-api.js';
import { AnalyticsApi } from './analytics-api.js';
import { metricValue } from './testing/metric-value.js';
import { StreamReader } from './testing/stream-reader.js';
import { uniqueName, waitFor } from './testing/test-api.js';
import { candleClient } from './testing/transports.js';

describe('CandleService and QueryService on one shared server', () => {
  const logger = silentLogger();
  let store: CandleStore;
  let bus: InProcessBus;
  let registry: Registry;
  let analytics: AnalyticsApi;
  let server: ServiceHttpServer;

  beforeAll(async () => {
    store = await PgliteCandleStore.open({ database: await PGlite.create(), logger });
    await store.upsert(seriesOf('DOTUSDT', 41).slice(0, 120));
    bus = new InProcessBus();
    const topic = uniqueName('wick.candles.shared');
    await bus.createTopics([{ topic, partitions: 1 }]);
    registry = createMetricsRegistry({ service: 'shared-test', defaultMetrics: false });
    // Only what the process must decide; every other option takes the service's default.
    analytics = new AnalyticsApi({ store, bus, logger, registry, candlesTopic: topic });
    const query = new QueryApi({ store, logger, registry });
    analytics.start();
    server = await startHttpServer({ host: '127.0.0.1', port: 0, registry, logger, h2c: true });
    const page = (_request: unknown, response: { writeHead(status: number): void; end(body: string): void }) => {
      response.writeHead(200);
      response.end('the page');
    };
    server.setFallback(createServiceHandler([analytics, query], { logger, registry, fallback: page }));
    await waitFor(() => analytics.feed.isCaughtUp, 30_000, 'the candle feed');
  }, 60_000);
  afterAll(async () => {
    await analytics?.endStreams(AbortSignal.timeout(2_000));
    await server?.close(1_000);
    await analytics?.stopFeed();
    await bus?.close();
    await store?.close();
  });

  it('serves both services, the HTTP endpoint and the fallback, and counts calls by code', async () => {
    const candles = candleClient('grpc', server.url);
    expect((await candles.getCandles({ symbol: 'DOTUSDT', interval: '1m', limit: 5 })).candles).toHaveLength(5);
    const error = await candles.getCandles({ symbol: 'NOPEUSDT', interval: '1m' }).catch((caught: unknown) => ConnectError.from(caught));
    expect(error).toMatchObject({ code: Code.NotFound });

    const stream = new StreamReader((signal) => candles.streamCandles({ subscriptions: [{ symbol: 'DOTUSDT', interval: '1m' }], history: 2 }, { signal }));
    await stream.waitFor((reader) => reader.events.some((event) => event.case === 'historyComplete'), 10_000, 'the history');
    stream.abort();

    const bars = await queryClient('connect-h2', server.url).queryCandles({
      query: { symbols: ['DOTUSDT'], bucket: '30m', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + DAY) },
    });
    expect(bars.bars).toHaveLength(4);
    const csv = await (await fetch(`${server.url}/v1/candles?symbols=DOTUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + DAY}&format=csv&header=false`)).text();
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(await (await fetch(`${server.url}/somewhere`)).text()).toBe('the page');

    expect(await metricValue(registry, 'wick_rpc_calls_total', { rpc: 'wick.v1.CandleService/GetCandles', code: 'ok' })).toBe(1);
    expect(await metricValue(registry, 'wick_rpc_calls_total', { rpc: 'wick.v1.CandleService/GetCandles', code: 'not_found' })).toBe(1);
    expect(await metricValue(registry, 'wick_rpc_calls_total', { rpc: 'wick.v1.QueryService/QueryCandles', code: 'ok' })).toBe(1);
    expect(await metricValue(registry, 'wick_rpc_calls_total', { rpc: 'GET /v1/candles', code: 'ok' })).toBe(1);
    // The stream went through the plain gRPC fast path, which counts a call when it ends.
    await waitFor(() => analytics.streams.size === 0, 5_000, 'the stream to end');
    await expect.poll(() => metricValue(registry, 'wick_rpc_calls_total', { rpc: 'wick.v1.CandleService/StreamCandles', code: 'ok' })).toBe(1);
  });
});
