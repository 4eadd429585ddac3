// A WebSocket client for tests: records every text frame, close and ping
// it sees, and waits (bounded) for conditions on them.
import { WebSocket } from 'ws';

export interface ClosedInfo {
  readonly code: number;
  readonly reason: string;
}

export class TestClient {
  readonly frames: string[] = [];
  readonly pings: Buffer[] = [];
  closed: ClosedInfo | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(String(data));
      this.notify();
    });
    ws.on('ping', (data) => {
      this.pings.push(data);
      this.notify();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a connection; `autoPong: false` lets a test stay silent on pings. */
  static async open(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { autoPong: options.autoPong ?? true });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
      ws.once('error', reject);
    });
    return client;
  }

  /** JSON of every frame received (throws on a frame that is not JSON). */
  json<T = unknown>(): T[] {
    return this.frames.map((frame) => JSON.parse(frame) as T);
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Sends a request and resolves with the next frame carrying its id (a reply). */
  async request(value: { id: unknown } & Record<string, unknown>, timeoutMs = 5_000): Promise<Record<string, unknown>> {
    const from = this.frames.length;
    this.send(value);
    const found = await this.waitFor(() => this.replyAfter(from, value.id), timeoutMs, `reply to id ${String(value.id)}`);
    return found;
  }

  /** Resolves once `check` returns something other than undefined or false; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${this.frames.length} frames, closed: ${JSON.stringify(this.closed)})`));
      }, timeoutMs);
      const waiter = () => void attempt();
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!attempt()) this.waiters.add(waiter);
    });
  }

  waitForClose(timeoutMs = 5_000): Promise<ClosedInfo> {
    return this.waitFor(() => this.closed, timeoutMs, 'close');
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  private replyAfter(from: number, id: unknown): Record<string, unknown> | undefined {
    for (let index = from; index < this.frames.length; index++) {
      const frame = this.frames[index] as string;
      if (!frame.includes('"id"')) continue;
      try {
        const parsed = JSON.parse(frame) as Record<string, unknown>;
        if ('id' in parsed && ('result' in parsed || 'error' in parsed) && (parsed.id === id || parsed.id === null)) return parsed;
      } catch {
        // not JSON: not a reply
      }
    }
    return undefined;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
