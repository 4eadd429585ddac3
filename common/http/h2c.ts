// HTTP/2 without TLS ("h2c" with prior knowledge, as gRPC clients speak it)
// beside HTTP/1.1 on one listening port. Node's plain-text http2 server
// cannot fall back to HTTP/1.1 (`allowHTTP1` needs TLS and ALPN), so the
// HTTP/1.1 server keeps the port and looks at the first bytes of every
// connection: the HTTP/2 client preface hands the socket to an http2 server,
// anything else goes to HTTP/1.1 as before. The bytes read are put back
// (unshift) so neither server misses them.
import type { Server as Http1Server, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';

/** Every HTTP/2 connection starts with these 24 bytes (RFC 9113, section 3.4). */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export interface H2cOptions {
  readonly logger: Logger;
  /** A connection that sends no byte for this long is closed; default 10 s. */
  readonly firstBytesTimeoutMs?: number;
  /** nghttp2's memory bound per session in MB (Node's default, 10, is low for thousands of streams); default 64. */
  readonly maxSessionMemoryMb?: number;
}

export type AnyRequestListener = (
  request: IncomingMessage | Http2ServerRequest,
  response: ServerResponse | Http2ServerResponse,
) => void;

export interface H2cBridge {
  /** Open HTTP/2 sessions. */
  readonly sessionCount: () => number;
  /** GOAWAY to every session: streams in flight finish, no new ones start, idle sessions close. */
  closeSessions(): void;
  /** Cuts what closeSessions left open, and connections still being sniffed. */
  destroyAll(): void;
}

/** Makes `server` (listening or not) also serve HTTP/2 prior-knowledge connections with `listener`. */
export function addH2c(server: Http1Server, listener: AnyRequestListener, options: H2cOptions): H2cBridge {
  const http2 = createHttp2Server({ maxSessionMemory: options.maxSessionMemoryMb ?? 64 }, listener);
  const sessions = new Set<ServerHttp2Session>();
  const sniffing = new Set<Socket>();
  http2.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  http2.on('sessionError', (error: Error) => options.logger.debug({ err: error }, 'http2 session error'));
  const http1Listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    sniffing.add(socket);
    sniff(socket, options.firstBytesTimeoutMs ?? 10_000, (protocol) => {
      sniffing.delete(socket);
      if (protocol === 'h2') http2.emit('connection', socket);
      else if (protocol === 'http1') for (const http1 of http1Listeners) http1.call(server, socket);
    });
  });
  return {
    sessionCount: () => sessions.size,
    closeSessions: () => {
      for (const session of sessions) session.close();
    },
    destroyAll: () => {
      for (const session of sessions) session.destroy();
      for (const socket of sniffing) socket.destroy();
    },
  };
}

type Protocol = 'h2' | 'http1' | 'gone';

/** Reads until the bytes match the preface or cannot, puts them back, and says which protocol the client speaks. */
function sniff(socket: Socket, timeoutMs: number, decide: (protocol: Protocol) => void): void {
  let seen: Buffer = Buffer.alloc(0);
  const finish = (protocol: Protocol) => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('error', onGone);
    socket.off('close', onGone);
    if (protocol !== 'gone') {
      // Paused before the bytes go back: no 'data' event may fire until the new owner listens.
      socket.pause();
      socket.unshift(seen);
    }
    decide(protocol);
    // HTTP/1.1 reads through 'data' listeners, which do not resume an explicitly paused socket.
    if (protocol === 'http1') socket.resume();
  };
  const onData = (chunk: Buffer) => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, PREFACE.length);
    const matches = seen.subarray(0, compared).equals(PREFACE.subarray(0, compared));
    if (!matches) finish('http1');
    else if (seen.length >= PREFACE.length) finish('h2');
  };
  const onGone = () => {
    socket.destroy();
    finish('gone');
  };
  const timer = setTimeout(onGone, timeoutMs);
  socket.on('data', onData);
  socket.once('error', onGone);
  socket.once('close', onGone);
}
