// The API server of an analytics-api instance: CandleService over Connect,
// gRPC and gRPC-Web on one port, HTTP/1.1 and HTTP/2 (h2c) alike, with the
// service's readiness checks on its /readyz. StreamCandles over plain gRPC
// takes the direct path (common/rpc/grpc-fast-path.ts). A process serving
// several services mounts them together instead (createServiceHandler).
import { startHttpServer, type ServiceHttpServer } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { createServiceHandler } from '../../common/rpc/index.js';
import type { AnalyticsApi } from './analytics-api.js';

export interface ApiServerOptions {
  readonly api: AnalyticsApi;
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
}

export async function startApiServer(options: ApiServerOptions): Promise<ServiceHttpServer> {
  const { api, logger } = options;
  const server = await startHttpServer({ host: options.host, port: options.port, registry: options.registry, logger, h2c: true });
  server.setFallback(createServiceHandler([api], { logger: logger.child({ component: 'rpc' }), registry: options.registry }));
  for (const check of api.readinessChecks()) server.addReadinessCheck(check);
  return server;
}
