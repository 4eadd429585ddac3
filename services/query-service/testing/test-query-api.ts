// A query-service instance on 127.0.0.1 port 0 for tests, over whatever
// store the test brings, and clients for it.
import { createClient, type Client } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { QueryService } from '../../../common/gen/wick/v1/query_service_pb.js';
import type { ServiceHttpServer } from '../../../common/http/index.js';
import { silentLogger } from '../../../common/log/index.js';
import { createMetricsRegistry } from '../../../common/metrics/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { QueryLimits } from '../query/limits.js';
import { QueryApi } from '../query-api.js';
import { startQueryServer } from '../server.js';

export interface TestQueryApi {
  readonly url: string;
  readonly api: QueryApi;
  readonly server: ServiceHttpServer;
  close(): Promise<void>;
}

export async function startTestQueryApi(store: CandleStore, limits: QueryLimits = { maxRangeMs: 366 * 86_400_000 }): Promise<TestQueryApi> {
  const logger = silentLogger();
  const registry = createMetricsRegistry({ service: 'query-service-test', defaultMetrics: false });
  const api = new QueryApi({ store, limits, logger, registry, catalogMissRefreshMs: 0 });
  const server = await startQueryServer({ api, host: '127.0.0.1', port: 0, registry, logger });
  return { url: server.url, api, server, close: () => server.close(1_000) };
}

export const QUERY_TRANSPORTS = ['connect-json-h1', 'connect-h2', 'grpc', 'grpc-web'] as const;
export type QueryTransport = (typeof QUERY_TRANSPORTS)[number];

export function queryClient(name: QueryTransport, baseUrl: string): Client<typeof QueryService> {
  const transport =
    name === 'connect-json-h1' ? createConnectTransport({ baseUrl, httpVersion: '1.1', useBinaryFormat: false })
      : name === 'connect-h2' ? createConnectTransport({ baseUrl, httpVersion: '2' })
        : name === 'grpc' ? createGrpcTransport({ baseUrl })
          : createGrpcWebTransport({ baseUrl, httpVersion: '1.1' });
  return createClient(QueryService, transport);
}
