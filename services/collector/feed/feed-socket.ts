// The WebSocket as the feed sees it: a few events and a few commands. The
// `ws` adapter (ws-socket.ts) implements it for real; the feed's tests drive
// the lifecycle (reconnect, staleness, rotation) with fake sockets and fake
// timers, without a network.

export interface SocketEvents {
  open(): void;
  /** One frame's bytes and the local time it arrived (ms since the epoch). */
  message(data: Buffer, receivedAt: number): void;
  /** A ping from the server; the adapter has already answered it with a pong. */
  ping(): void;
  /** Called once, last, however the socket ended (after `error` too). */
  close(code: number, reason: string): void;
  error(error: Error): void;
}

export interface FeedSocket {
  send(text: string): void;
  /** Closing handshake; the adapter cuts the socket if the server does not answer in time. */
  close(code: number, reason: string): void;
  /** Ends the socket at once, without a handshake (a dead or misbehaving peer). */
  terminate(): void;
  /** Stops reading (backpressure): TCP flow control then slows the sender. */
  pause(): void;
  resume(): void;
}

export type OpenSocket = (url: string, events: SocketEvents) => FeedSocket;
