// An analytics-api instance on 127.0.0.1 port 0 for tests, over whatever bus
// and store the test brings (in-process bus and PGlite, or Kafka and
// PostgreSQL), with a producer for the test's candle topic.
import { randomBytes } from 'node:crypto';
import type { Bus, BusProducer } from '../../../common/bus/index.js';
import type { ServiceHttpServer } from '../../../common/http/index.js';
import { silentLogger, type Logger } from '../../../common/log/index.js';
import { createMetricsRegistry, type Registry } from '../../../common/metrics/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import { AnalyticsApi } from '../analytics-api.js';
import { startApiServer } from '../server.js';
import type { StreamLimits } from '../stream/stream-session.js';
import { busMessage, type UpdateSpec } from './candle-updates.js';

export interface TestApiOptions {
  readonly store: CandleStore;
  readonly bus: Bus;
  /** An existing topic; default a fresh one with 3 partitions. */
  readonly topic?: string;
  readonly limits?: Partial<StreamLimits>;
  readonly maxStreams?: number;
  readonly warmupMessages?: number;
  readonly latestSeries?: number;
  readonly logger?: Logger;
}

export interface TestApi {
  readonly url: string;
  readonly api: AnalyticsApi;
  readonly server: ServiceHttpServer;
  readonly registry: Registry;
  readonly topic: string;
  /** Publishes updates as the preprocessor would, in order. */
  publish(specs: readonly UpdateSpec[]): Promise<void>;
  close(): Promise<void>;
}

export const TEST_LIMITS: StreamLimits = { queueCapacity: 1_000, maxLagMs: 10_000, heartbeatMs: 5_000, cutGraceMs: 2_000 };

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function startTestApi(options: TestApiOptions): Promise<TestApi> {
  const topic = options.topic ?? uniqueName('wick.candles.test');
  if (options.topic === undefined) await options.bus.createTopics([{ topic, partitions: 3 }]);
  const logger = options.logger ?? silentLogger();
  const registry = createMetricsRegistry({ service: 'analytics-api-test', defaultMetrics: false });
  const api = new AnalyticsApi({
    store: options.store,
    bus: options.bus,
    candlesTopic: topic,
    groupId: uniqueName('analytics-api-test'),
    logger,
    registry,
    limits: { ...TEST_LIMITS, ...options.limits },
    maxStreams: options.maxStreams ?? 10_000,
    warmupMessages: options.warmupMessages ?? 1_000,
    // Tests write a series and read it at once.
    catalogMissRefreshMs: 0,
    // Off unless a test asks: most tests write the store directly, which the cache sees only after its refresh.
    latestSeries: options.latestSeries ?? 0,
  });
  api.start();
  const server = await startApiServer({ api, host: '127.0.0.1', port: 0, registry, logger });
  await waitFor(() => api.feed.isCaughtUp, 60_000, 'the candle feed to catch up');
  let producer: BusProducer | undefined;
  return {
    url: server.url,
    api,
    server,
    registry,
    topic,
    async publish(specs) {
      producer ??= await options.bus.producer();
      await producer.send(topic, specs.map(busMessage));
    },
    async close() {
      await api.endStreams(AbortSignal.timeout(5_000));
      await server.close(1_000);
      await api.stopFeed();
      await producer?.close();
      if (options.topic === undefined) await options.bus.deleteTopics([topic]);
    },
  };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
