// The Connect edge of a wick API service: one request handler that serves
// the Connect protocol, gRPC and gRPC-Web for the given routes, over HTTP/1.1
// and HTTP/2 alike (mount it on a server started with `h2c: true`, since gRPC
// needs HTTP/2). Every failure leaves through errorInterceptor, so clients get
// the code and message wick's errors call for and never a cause.
import { createContextKey, createContextValues, type ConnectRouter, type Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter, type ConnectNodeAdapterOptions } from '@connectrpc/connect-node';
import type { Logger } from 'pino';
import { errorInterceptor } from '../errors/index.js';
import { rpcMetricsInterceptor, type RpcMetrics } from './rpc-metrics.js';
import type { HttpRequest, HttpResponse, RequestHandler } from '../http/index.js';

/**
 * The Node.js request behind an RPC, for the rare handler that must act on
 * the connection itself (a stream cut off from a client that stopped reading
 * cannot end through the response it no longer drains).
 */
export const NODE_REQUEST = createContextKey<HttpRequest | undefined>(undefined, { description: 'the Node.js request of the RPC' });

export interface RpcHandlerOptions {
  readonly routes: (router: ConnectRouter) => void;
  readonly logger: Logger;
  /** Largest request message accepted; default 64 KiB (wick's requests are small). */
  readonly readMaxBytes?: number;
  /** Largest response message; default 16 MiB. */
  readonly writeMaxBytes?: number;
  /** Calls by method and code, as the client got them (outside the error mapping). */
  readonly metrics?: RpcMetrics;
  /** Run inside the error interceptor's mapping, i.e. they see the handler's own errors. */
  readonly interceptors?: readonly Interceptor[];
  /** Requests for paths that are no RPC (plain HTTP endpoints); default 404. */
  readonly fallback?: RequestHandler;
  /** Responses at least this large are compressed when the client accepts it; default 1 MiB (see below). */
  readonly compressMinBytes?: number;
}

/**
 * Compressing a page of 1,000 candles (170 kB) costs the server more time
 * than sending it across a data centre, and several times the rest of the
 * request; the gateway in front of browsers compresses for slow links. So
 * only very large responses are compressed by default. Compressed requests
 * are still accepted.
 */
export const DEFAULT_COMPRESS_MIN_BYTES = 1024 * 1024;

export function createRpcHandler(options: RpcHandlerOptions): RequestHandler {
  return connectNodeAdapter({
    routes: options.routes,
    interceptors: [
      ...(options.metrics === undefined ? [] : [rpcMetricsInterceptor(options.metrics)]),
      errorInterceptor(options.logger),
      ...(options.interceptors ?? []),
    ],
    readMaxBytes: options.readMaxBytes ?? 64 * 1024,
    compressMinBytes: options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES,
    writeMaxBytes: options.writeMaxBytes ?? 16 * 1024 * 1024,
    // JSON requests may carry fields a newer client knows and this server does not.
    jsonOptions: { ignoreUnknownFields: true },
    fallback: options.fallback === undefined ? undefined : settled(options.fallback, options.logger),
    contextValues: (request) => createContextValues().set(NODE_REQUEST, request),
  });
}

/** The adapter ignores what a fallback returns, so a rejection is answered (500) and logged here. */
function settled(handler: RequestHandler, logger: Logger): NonNullable<ConnectNodeAdapterOptions['fallback']> {
  return (request, nodeResponse) => {
    // The adapter's type hides write(); the object is the server's own response.
    const response = nodeResponse as HttpResponse;
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        logger.error({ err: error, path: request.url }, 'http request failed');
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          response.end('{"error":"internal error"}');
        } else {
          response.destroy();
        }
      });
  };
}
