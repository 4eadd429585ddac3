// FeedSocket over the `ws` library. ws answers every ping with a pong
// carrying the ping's payload by itself (its `autoPong` option, on by
// default), which is exactly what Binance asks for; ws-socket.test.ts checks
// it against a real server.
import WebSocket from 'ws';
import type { FeedSocket, OpenSocket, SocketEvents } from './feed-socket.js';

export interface WsSocketOptions {
  /** Bound on the opening handshake. */
  readonly handshakeTimeoutMs: number;
  /** How long a closing handshake may take before the socket is cut. */
  readonly closeTimeoutMs: number;
}

export function wsSocketOpener(options: WsSocketOptions): OpenSocket {
  return (url, events) => openWsSocket(url, events, options);
}

function openWsSocket(url: string, events: SocketEvents, options: WsSocketOptions): FeedSocket {
  const socket = new WebSocket(url, {
    handshakeTimeout: options.handshakeTimeoutMs,
    // Market data is small JSON frames at high rates: compression costs CPU and latency.
    perMessageDeflate: false,
    autoPong: true,
  });
  let closeTimer: NodeJS.Timeout | undefined;
  socket.on('open', () => events.open());
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => events.message(toBuffer(data), Date.now()));
  socket.on('ping', () => events.ping());
  socket.on('error', (error: Error) => events.error(error));
  socket.on('close', (code: number, reason: Buffer) => {
    clearTimeout(closeTimer);
    events.close(code, reason.toString('utf8'));
  });
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => {
      if (socket.readyState === WebSocket.CLOSED) return;
      // A server that never answers the close frame must not hold the socket open.
      closeTimer = setTimeout(() => socket.terminate(), options.closeTimeoutMs);
      socket.close(code, reason);
    },
    terminate: () => socket.terminate(),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  };
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
