// A direct gRPC path for server-streaming methods with heavy fan-out (tens
// of thousands of messages a second). Connect hands each message of a stream
// through several layers of async iteration, which costs tens of
// microseconds per message; here a handler writes framed messages straight
// to the HTTP/2 stream, many per write, with the stream's own backpressure.
// It takes only plain gRPC (HTTP/2, application/grpc[+proto], no request
// compression); every other request of the method (Connect, gRPC-Web, JSON,
// compressed) goes to the fallback, i.e. Connect. Status codes and messages
// are mapped exactly as errorInterceptor maps them, causes never sent.
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { toConnectError } from '../errors/index.js';
import type { HttpRequest, RequestHandler } from '../http/index.js';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import { invalidField } from './field-error.js';
import type { RpcMetrics } from './rpc-metrics.js';

export interface GrpcCall {
  /** Aborts when the client cancels or goes away, or the call's deadline passes. */
  readonly signal: AbortSignal;
  readonly request: Http2ServerRequest;
  /** Writes bytes of whole frames (grpcFrames); false when the transport is full: await drained(). */
  write(frames: Uint8Array): boolean;
  /** Resolves when the transport takes more, or the call is over. */
  drained(): Promise<void>;
}

export interface GrpcStreamRoute<Request> {
  /** "/package.Service/Method" */
  readonly path: string;
  /** The request message from its protobuf bytes; throws when they are not one. */
  readonly decode: (bytes: Uint8Array) => Request;
  /** Serves the call; a rejection is the error status the client gets. */
  readonly serve: (request: Request, call: GrpcCall) => Promise<void>;
}

/** A route with its request type closed over, so routes of different methods share one list. */
export interface GrpcRoute {
  readonly path: string;
  serve(message: Uint8Array, call: GrpcCall): Promise<void>;
}

export function grpcRoute<Request>(route: GrpcStreamRoute<Request>): GrpcRoute {
  return {
    path: route.path,
    serve: (message, call) => {
      let request: Request;
      try {
        request = route.decode(message);
      } catch {
        throw invalidField('request', 'is not a valid protobuf message of this method');
      }
      return route.serve(request, call);
    },
  };
}

export interface GrpcFastPathOptions {
  readonly logger: Logger;
  /** Largest request message; default 64 KiB. */
  readonly readMaxBytes?: number;
  /** The same call metrics the Connect path records. */
  readonly metrics?: RpcMetrics;
}

/** Why a call's signal aborts once its response closed (finished, cancelled or the client gone). */
const CALL_CLOSED = new Error('the call is closed');

const SERVER_FAULTS: ReadonlySet<Code> = new Set([Code.Internal, Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.DataLoss]);

/** Serves the routes' plain gRPC requests itself and hands everything else to `fallback`. */
export function grpcFastPath(routes: readonly GrpcRoute[], options: GrpcFastPathOptions, fallback: RequestHandler): RequestHandler {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  return (request, response) => {
    const route = isPlainGrpc(request) ? byPath.get(request.url ?? '') : undefined;
    if (route === undefined) return fallback(request, response);
    return serve(route, request as Http2ServerRequest, response as Http2ServerResponse, options);
  };
}

function isPlainGrpc(request: HttpRequest): boolean {
  const contentType = request.headers['content-type'];
  const encoding = request.headers['grpc-encoding'];
  return 'stream' in request && request.method === 'POST' && (contentType === 'application/grpc' || contentType === 'application/grpc+proto')
    && (encoding === undefined || encoding === 'identity');
}

async function serve(route: GrpcRoute, request: Http2ServerRequest, response: Http2ServerResponse, options: GrpcFastPathOptions): Promise<void> {
  const gone = new AbortController();
  // With a reason of our own: abort() without one builds a DOMException (and its stack) on every finished call.
  response.once('close', () => gone.abort(CALL_CLOSED));
  request.stream.on('error', () => undefined);
  const deadline = deadlineSignal(request.headers['grpc-timeout']);
  const call: GrpcCall = {
    signal: deadline === undefined ? gone.signal : AbortSignal.any([gone.signal, deadline]),
    request,
    write: (frames) => {
      if (!response.headersSent) response.writeHead(200, { 'content-type': 'application/grpc' });
      return response.write(frames);
    },
    drained: () => new Promise((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.once('drain', done);
      response.once('close', done);
    }),
  };
  let failure: unknown;
  try {
    const message = await readMessage(request, options.readMaxBytes ?? 64 * 1024);
    await route.serve(message, call);
    if (deadline?.aborted === true) failure = new ConnectError('the call exceeded its deadline', Code.DeadlineExceeded);
  } catch (error) {
    failure = error;
  }
  finish(response, route.path, failure, options);
}

/** The one request message of the call, from its gRPC frame. */
async function readMessage(request: Http2ServerRequest, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes + 5) throw new ConnectError(`request message larger than ${maxBytes} bytes`, Code.ResourceExhausted);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
    throw new ConnectError('request is not one uncompressed gRPC message', Code.InvalidArgument);
  }
  return body.subarray(5);
}

/** Sends the status in the trailers, unless the client is gone. */
function finish(response: Http2ServerResponse, path: string, failure: unknown, options: GrpcFastPathOptions): void {
  const { logger, metrics } = options;
  let status: Record<string, string> = { 'grpc-status': '0' };
  if (failure === undefined) metrics?.calls.inc({ rpc: path.slice(1), code: 'ok' });
  if (failure !== undefined) {
    const mapped = toConnectError(failure);
    metrics?.calls.inc({ rpc: path.slice(1), code: codeToString(mapped.code) });
    logger[SERVER_FAULTS.has(mapped.code) ? 'error' : 'info']({ err: mapped.cause ?? mapped, rpc: path.slice(1), code: Code[mapped.code] }, 'rpc failed');
    status = { 'grpc-status': String(mapped.code), 'grpc-message': percentEncode(mapped.rawMessage) };
  }
  if (response.stream.closed || response.stream.destroyed) return;
  // A call that sent no message still answers headers, then its status as trailers: valid gRPC for every client.
  if (!response.headersSent) response.writeHead(200, { 'content-type': 'application/grpc' });
  response.addTrailers(status);
  response.end();
}

/** gRPC's grpc-timeout: digits and a unit H M S m u n. */
function deadlineSignal(header: string | string[] | undefined): AbortSignal | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^(\d{1,8})([HMSmun])$/.exec(header);
  if (match === null) return undefined;
  const unitMs: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000001 };
  return AbortSignal.timeout(Math.max(1, Math.ceil(Number(match[1]) * (unitMs[match[2] as string] as number))));
}

/** gRPC percent-encodes grpc-message: everything outside printable ASCII, and %. */
function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => (byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Messages in gRPC frames (a zero byte, the big-endian length, the message), back to back. */
export function grpcFrames(messages: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const message of messages) size += 5 + message.length;
  const frames = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const message of messages) {
    frames[offset] = 0;
    frames.writeUInt32BE(message.length, offset + 1);
    frames.set(message, offset + 5);
    offset += 5 + message.length;
  }
  return frames;
}

