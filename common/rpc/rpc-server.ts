// One API server for one or more RPC services: Connect, gRPC and gRPC-Web
// on one port, HTTP/1.1 and HTTP/2 without TLS alike, with every service's
// readiness checks on its /readyz.
import { startHttpServer, type ServiceHttpServer } from '../http/index.js';
import type { Logger } from '../log/index.js';
import type { Registry } from '../metrics/index.js';
import { createServiceHandler, type RpcService } from './service-handler.js';

export interface RpcServerOptions {
  readonly services: readonly RpcService[];
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
}

export async function startRpcServer(options: RpcServerOptions): Promise<ServiceHttpServer> {
  const { services, logger, registry } = options;
  const server = await startHttpServer({ host: options.host, port: options.port, registry, logger, h2c: true });
  server.setFallback(createServiceHandler(services, { logger: logger.child({ component: 'rpc' }), registry }));
  for (const service of services) for (const check of service.readinessChecks()) server.addReadinessCheck(check);
  return server;
}
