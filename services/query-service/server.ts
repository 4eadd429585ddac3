// The API server of a query-service instance: QueryService over Connect, gRPC
// and gRPC-Web, and GET /v1/candles as plain HTTP, on one port (HTTP/1.1 and
// HTTP/2 without TLS), with the service's readiness checks on its /readyz.
import type { ServiceHttpServer } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { startRpcServer } from '../../common/rpc/index.js';
import type { QueryApi } from './query-api.js';

export interface QueryServerOptions {
  readonly api: QueryApi;
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
}

export function startQueryServer(options: QueryServerOptions): Promise<ServiceHttpServer> {
  const { api, ...server } = options;
  return startRpcServer({ ...server, services: [api] });
}
