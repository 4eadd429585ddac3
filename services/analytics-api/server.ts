// The API server of an analytics-api instance: CandleService over Connect,
// gRPC and gRPC-Web on one port, HTTP/1.1 and HTTP/2 (h2c) alike, with the
// service's readiness checks on its /readyz. StreamCandles over plain gRPC
// takes the direct path (common/rpc/grpc-fast-path.ts). A process serving
// several services mounts them together instead (createServiceHandler).
import type { ServiceHttpServer } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { startRpcServer } from '../../common/rpc/index.js';
import type { AnalyticsApi } from './analytics-api.js';

export interface ApiServerOptions {
  readonly api: AnalyticsApi;
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
}

export function startApiServer(options: ApiServerOptions): Promise<ServiceHttpServer> {
  const { api, ...server } = options;
  return startRpcServer({ ...server, services: [api] });
}
