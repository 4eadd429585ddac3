// Accepts WebSocket upgrades on the simulator's HTTP server: refuses them
// while the refuse fault is on, answers a bad path or stream name with an
// HTTP error, and turns every accepted socket into a StreamConnection.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import type { RefuseMode } from '../faults/fault-types.js';
import { StreamConnection, type ConnectionContext } from './connection.js';
import type { Connections } from './connections.js';
import { parseStreamPath } from './stream-path.js';

export interface UpgradeGate {
  /** The refusal in force for a new connection now, if any. */
  refusal(): RefuseMode | undefined;
}

export interface StreamServerContext extends Omit<ConnectionContext, 'onClosed'> {
  readonly connections: Connections;
  readonly upgrades: UpgradeGate;
}

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' };

export class StreamServer {
  // Binance's stream server does not negotiate permessage-deflate; frames go out as plain text.
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });

  constructor(
    server: Server,
    private readonly context: StreamServerContext,
  ) {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  /** Closes every connection with `code`; those that have not finished the closing handshake within `graceMs` are cut. */
  async close(code: number, reason: string, graceMs: number): Promise<void> {
    const { connections } = this.context;
    for (const connection of connections.list()) connection.close(code, reason, 'closing');
    const deadline = Date.now() + graceMs;
    while (connections.size > 0 && Date.now() < deadline) await sleep(10);
    for (const connection of connections.list()) connection.terminate('closing');
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refusal = this.context.upgrades.refusal();
    if (refusal !== undefined) {
      this.context.metrics.connectionsRefused.inc();
      if (refusal === 'reset') socket.destroy();
      else answer(socket, 503, 'connections are refused for now (fault injected)');
      return;
    }
    const path = parseStreamPath(request.url ?? '/');
    if (!path.ok) {
      this.context.metrics.connectionsRefused.inc();
      answer(socket, path.status, path.reason);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const { connections, metrics } = this.context;
      const connection = new StreamConnection(ws, { ...this.context, onClosed: (closed) => this.closed(closed) }, { ...path, socket });
      connections.add(connection);
      metrics.connectionsOpened.inc();
      metrics.connections.set(connections.size);
    });
  }

  private closed(connection: StreamConnection): void {
    this.context.connections.remove(connection);
    this.context.metrics.connections.set(this.context.connections.size);
  }
}

function answer(socket: Duplex, status: number, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
