// One request handler for any number of wick API services on one HTTP
// server: their Connect routes in one router (Connect, gRPC and gRPC-Web),
// their plain gRPC fast paths in front of it, and their plain HTTP
// endpoints behind it. A service process mounts its own service; `wick
// start` mounts all of them on one shared server, with the same code.
import type { ConnectRouter } from '@connectrpc/connect';
import type { Logger } from 'pino';
import type { ReadinessCheck, RequestHandler } from '../http/index.js';
import { grpcFastPath, type GrpcRoute } from './grpc-fast-path.js';
import { createRpcHandler } from './rpc-handler.js';
import { createRpcMetrics } from './rpc-metrics.js';
import type { Registry } from '../metrics/index.js';

/** What a service contributes to a server; built from its injected dependencies (store, bus, logger, metrics registry). */
export interface RpcService {
  /** Registers the service's Connect handlers. */
  readonly routes: (router: ConnectRouter) => void;
  /** Methods also served straight over HTTP/2 for plain gRPC clients (see grpc-fast-path.ts). */
  readonly grpcRoutes?: readonly GrpcRoute[];
  /** Serves the plain HTTP endpoints at httpPaths. */
  readonly http?: RequestHandler;
  /** The exact paths `http` serves. */
  readonly httpPaths?: readonly string[];
  /** The dependencies /readyz should check for this service. */
  readinessChecks(): ReadinessCheck[];
}

export interface ServiceHandlerOptions {
  readonly logger: Logger;
  /** Where wick_rpc_calls_total and wick_rpc_duration_seconds go; none when absent. */
  readonly registry?: Registry;
  /** Requests for any other path (e.g. a web page); default a JSON 404. */
  readonly fallback?: RequestHandler;
}

/** The handler to pass to ServiceHttpServer.setFallback (start the server with `h2c: true`, gRPC needs HTTP/2). */
export function createServiceHandler(services: readonly RpcService[], options: ServiceHandlerOptions): RequestHandler {
  const http = new Map<string, RequestHandler>();
  for (const service of services) {
    for (const path of service.httpPaths ?? []) {
      if (service.http === undefined) throw new Error(`a service names ${path} but has no http handler`);
      if (http.has(path)) throw new Error(`two services serve ${path}`);
      http.set(path, service.http);
    }
  }
  const fallback: RequestHandler = (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const handler = http.get(path) ?? options.fallback;
    if (handler !== undefined) return handler(request, response);
    const body = JSON.stringify({ code: 'not_found', message: `no such path ${path}` });
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  const metrics = options.registry === undefined ? undefined : createRpcMetrics(options.registry);
  const rpc = createRpcHandler({
    metrics,
    routes: (router) => {
      for (const service of services) service.routes(router);
    },
    logger: options.logger,
    fallback,
  });
  const grpcRoutes = services.flatMap((service) => service.grpcRoutes ?? []);
  return grpcRoutes.length === 0 ? rpc : grpcFastPath(grpcRoutes, { logger: options.logger, metrics }, rpc);
}
