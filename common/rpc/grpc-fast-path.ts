// A direct path for the binary calls of methods with heavy fan-out (tens of
// thousands of messages a second). Connect hands each message of a stream
// through several layers of async iteration, which costs tens of
// microseconds per message; here a handler writes enveloped messages
// straight to the HTTP stream, many per write, with the stream's own
// backpressure. It serves gRPC, gRPC-Web and Connect's streaming protocol
// with binary messages and no compression (fast-path-protocols.ts); every
// other request of the method (JSON, compressed, a unary Connect call) goes
// to the fallback, i.e. Connect. Status codes and messages are mapped
// exactly as errorInterceptor maps them, causes never sent.
import { Code, ConnectError } from '@connectrpc/connect';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import type { Logger } from 'pino';
import { toConnectError } from '../errors/index.js';
import type { HttpRequest, HttpResponse, RequestHandler } from '../http/index.js';
import { fastProtocolOf, type CallStatus, type FastProtocol } from './fast-path-protocols.js';
import { invalidField } from './field-error.js';
import type { RpcMetrics } from './rpc-metrics.js';

export interface GrpcCall {
  /** Aborts when the client cancels or goes away, or the call's deadline passes. */
  readonly signal: AbortSignal;
  readonly request: HttpRequest;
  /** Writes bytes of whole envelopes (grpcFrames); false when the transport is full: await drained(). */
  write(frames: Uint8Array): boolean;
  /** Resolves when the transport takes more, or the call is over. */
  drained(): Promise<void>;
}

export interface GrpcStreamRoute<Request> {
  /** "/package.Service/Method" */
  readonly path: string;
  /** Server-streaming methods are served over Connect's streaming protocol too; a unary Connect call has no envelopes. */
  readonly kind: 'unary' | 'server-streaming';
  /** The request message from its protobuf bytes; throws when they are not one. */
  readonly decode: (bytes: Uint8Array) => Request;
  /** Serves the call; a rejection is the error status the client gets. */
  readonly serve: (request: Request, call: GrpcCall) => Promise<void>;
}

/** A route with its request type closed over, so routes of different methods share one list. */
export interface GrpcRoute {
  readonly path: string;
  readonly kind: 'unary' | 'server-streaming';
  serve(message: Uint8Array, call: GrpcCall): Promise<void>;
}

export function grpcRoute<Request>(route: GrpcStreamRoute<Request>): GrpcRoute {
  return {
    path: route.path,
    kind: route.kind,
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

/** Serves the routes' binary gRPC, gRPC-Web and Connect streaming requests itself and hands everything else to `fallback`. */
export function grpcFastPath(routes: readonly GrpcRoute[], options: GrpcFastPathOptions, fallback: RequestHandler): RequestHandler {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  return (request, response) => {
    const route = byPath.get(request.url ?? '');
    const protocol = route === undefined ? undefined : fastProtocolOf(request, route.kind === 'server-streaming');
    if (route === undefined || protocol === undefined) return fallback(request, response);
    return serve(route, protocol, request, response, options);
  };
}

async function serve(route: GrpcRoute, protocol: FastProtocol, request: HttpRequest, response: HttpResponse, options: GrpcFastPathOptions): Promise<void> {
  const gone = new AbortController();
  // With a reason of our own: abort() without one builds a DOMException (and its stack) on every finished call.
  response.once('close', () => gone.abort(CALL_CLOSED));
  if ('stream' in request) request.stream.on('error', () => undefined);
  else request.on('error', () => undefined);
  const timeoutMs = protocol.timeoutMs(request);
  const deadline = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const call: GrpcCall = {
    signal: deadline === undefined ? gone.signal : AbortSignal.any([gone.signal, deadline]),
    request,
    write: (frames) => {
      if (!response.headersSent) response.writeHead(200, protocol.responseHeaders);
      // Both response kinds take bytes; their write overloads differ only in encoding and callback.
      return (response as { write(chunk: Uint8Array): boolean }).write(frames);
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
  finish(protocol, response, route.path, failure, options);
}

/** The one request message of the call, from its envelope. */
async function readMessage(request: HttpRequest, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes + 5) throw new ConnectError(`request message larger than ${maxBytes} bytes`, Code.ResourceExhausted);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
    throw new ConnectError('request is not one uncompressed enveloped message', Code.InvalidArgument);
  }
  return body.subarray(5);
}

/** Ends the call with its status (trailers or a last envelope, by protocol), unless the client is gone. */
function finish(protocol: FastProtocol, response: HttpResponse, path: string, failure: unknown, options: GrpcFastPathOptions): void {
  const { logger, metrics } = options;
  let status: CallStatus;
  if (failure === undefined) metrics?.calls.inc({ rpc: path.slice(1), code: 'ok' });
  if (failure !== undefined) {
    const mapped = toConnectError(failure);
    metrics?.calls.inc({ rpc: path.slice(1), code: codeToString(mapped.code) });
    logger[SERVER_FAULTS.has(mapped.code) ? 'error' : 'info']({ err: mapped.cause ?? mapped, rpc: path.slice(1), code: Code[mapped.code], protocol: protocol.name }, 'rpc failed');
    status = { code: mapped.code, message: mapped.rawMessage };
  }
  if (isGone(response)) return;
  // A call that sent no message still answers headers, then its status: valid for every client of each protocol.
  if (!response.headersSent) response.writeHead(200, protocol.responseHeaders);
  const end = protocol.end(status);
  if (end.trailers !== undefined) response.addTrailers(end.trailers);
  if (end.body === undefined) response.end();
  else response.end(end.body);
}

function isGone(response: HttpResponse): boolean {
  if ('stream' in response) return response.stream.closed || response.stream.destroyed;
  return response.destroyed || response.socket === null || response.socket.destroyed;
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

