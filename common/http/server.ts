// The one HTTP server of a wick service: GET /metrics (Prometheus text),
// /healthz (the process answers) and /readyz (its dependencies answer).
// Services that serve an API mount it as the fallback handler on the same
// server, so each service listens on one port. With `h2c` the same port also
// speaks HTTP/2 without TLS (gRPC clients need it), see h2c.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { addH2c, type H2cBridge } from './h2c.js';
import { Readiness, type ReadinessCheck } from './readiness.js';

/** A request over HTTP/1.1, or over HTTP/2 when the server was started with `h2c`. */
export type HttpRequest = IncomingMessage | Http2ServerRequest;
export type HttpResponse = ServerResponse | Http2ServerResponse;
export type RequestHandler = (request: HttpRequest, response: HttpResponse) => void | Promise<void>;

export interface HttpServerOptions {
  /** Bind address: 0.0.0.0 in a container, 127.0.0.1 in tests. */
  readonly host: string;
  /** 0 picks a free port; the bound one is `port` on the result. */
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Bound on each readiness check, default 2 s; a probe's own timeout must exceed it (timeoutSeconds: 3). */
  readonly readinessTimeoutMs?: number;
  /** Also serve HTTP/2 without TLS (prior knowledge) on the same port, as gRPC needs; default false. */
  readonly h2c?: boolean;
}

export interface ServiceHttpServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, for clients and tests. */
  readonly url: string;
  addReadinessCheck(check: ReadinessCheck): void;
  /** Handles every request that is not /metrics, /healthz or /readyz (e.g. a Connect router). */
  setFallback(handler: RequestHandler): void;
  /** From now on /readyz answers 503 so load balancers stop sending work; called first on shutdown. */
  setDraining(): void;
  /** Stops accepting connections; open ones get `graceMs` to finish before they are cut. */
  close(graceMs?: number): Promise<void>;
}

const OPS_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

export async function startHttpServer(options: HttpServerOptions): Promise<ServiceHttpServer> {
  const readiness = new Readiness(options.readinessTimeoutMs ?? 2_000);
  const state: { fallback: RequestHandler | undefined; draining: boolean } = { fallback: undefined, draining: false };
  const listener = (request: HttpRequest, response: HttpResponse): void => {
    handle(request, response).catch((error: unknown) => {
      options.logger.error({ err: error, path: request.url }, 'http request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  };
  const server = createServer(listener);
  const h2c = options.h2c === true ? addH2c(server, listener, { logger: options.logger }) : undefined;

  async function handle(request: HttpRequest, response: HttpResponse): Promise<void> {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    if (!OPS_PATHS.has(path)) {
      if (state.fallback !== undefined) await state.fallback(request, response);
      else sendJson(response, 404, { error: 'not found' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'method not allowed' });
      return;
    }
    if (path === '/metrics') {
      const text = await options.registry.metrics();
      send(response, 200, options.registry.contentType, text);
    } else if (path === '/healthz') {
      sendJson(response, 200, { status: 'alive' });
    } else if (state.draining) {
      sendJson(response, 503, { ready: false, reason: 'shutting down', checks: {}, failing: [] });
    } else {
      const report = await readiness.run();
      sendJson(response, report.ready ? 200 : 503, report);
    }
  }

  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    host: options.host,
    port,
    url: `http://${urlHost}:${port}`,
    addReadinessCheck: (check) => readiness.add(check),
    setFallback: (handler) => {
      state.fallback = handler;
    },
    setDraining: () => {
      state.draining = true;
    },
    close: (graceMs = 5_000) => close(server, h2c, graceMs),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function close(server: Server, h2c: H2cBridge | undefined, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // Keep-alive connections with no request in flight would hold close() open.
    const cut = setTimeout(() => {
      server.closeAllConnections();
      h2c?.destroyAll();
    }, graceMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
    h2c?.closeSessions();
  });
}

function sendJson(response: HttpResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(response: HttpResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  if (response.req.method === 'HEAD') response.end();
  else response.end(body);
}
