// A bare WebSocket server on 127.0.0.1 for the feed adapter's tests: it
// records each connection's path and what the client sends, and lets the
// test send frames, pings and closes. It knows nothing of Binance; tests
// script the answers.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ServerConnection {
  readonly path: string;
  readonly socket: WebSocket;
  readonly received: string[];
  /** When each of `received` arrived (ms). */
  readonly receivedAt: number[];
  readonly pongs: string[];
  /** Called for every text message the client sends. */
  onMessage?: (text: string) => void;
}

export class LocalWsServer {
  readonly connections: ServerConnection[] = [];
  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(): Promise<LocalWsServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const instance = new LocalWsServer(server, `ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('connection', (socket, request) => instance.accept(socket, request.url ?? '/'));
    return instance;
  }

  async waitForConnections(count: number, timeoutMs = 5_000): Promise<ServerConnection> {
    const deadline = Date.now() + timeoutMs;
    while (this.connections.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} connections, got ${this.connections.length}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.connections[count - 1] as ServerConnection;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, path: string): void {
    const connection: ServerConnection = { path, socket, received: [], receivedAt: [], pongs: [] };
    socket.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      connection.received.push(text);
      connection.receivedAt.push(Date.now());
      connection.onMessage?.(text);
    });
    socket.on('pong', (data: Buffer) => connection.pongs.push(data.toString('utf8')));
    this.connections.push(connection);
  }
}

export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
