// The open stream connections. Besides the list the faults act on, it holds
// the slow-client policy: a replay as fast as possible waits while a client
// has more than a few MiB unsent (so every client gets every trade), and a
// client that stays behind too long, or piles up more than maxBufferedBytes
// in a paced replay, is cut off as a real server would.
import { setTimeout as sleep } from 'node:timers/promises';
import type { WsLimits } from '../options.js';
import type { StreamConnection } from './connection.js';

/** As fast as possible: the replay waits while any client has more than this unsent. */
const BACKLOG_HIGH_WATER_BYTES = 4 * 1024 * 1024;
const BACKLOG_POLL_MS = 2;
const BUFFER_CHECK_MS = 1_000;

export class Connections {
  private readonly open = new Set<StreamConnection>();
  private readonly checker: NodeJS.Timeout;

  constructor(
    private readonly limits: WsLimits,
    private readonly wallNow: () => number,
  ) {
    this.checker = setInterval(() => this.cutOverfull(), BUFFER_CHECK_MS);
    this.checker.unref();
  }

  get size(): number {
    return this.open.size;
  }

  add(connection: StreamConnection): void {
    this.open.add(connection);
  }

  remove(connection: StreamConnection): void {
    this.open.delete(connection);
  }

  list(): StreamConnection[] {
    return [...this.open];
  }

  /** Undefined when every client keeps up; else resolves once they do (cutting off any that stays behind too long). */
  backlog(): Promise<void> | undefined {
    if (!this.behind()) return undefined;
    return this.waitForClients();
  }

  dispose(): void {
    clearInterval(this.checker);
  }

  private behind(): boolean {
    for (const connection of this.open) if (connection.bufferedBytes > BACKLOG_HIGH_WATER_BYTES) return true;
    return false;
  }

  private async waitForClients(): Promise<void> {
    const deadline = this.wallNow() + this.limits.slowClientTimeoutMs;
    while (this.behind()) {
      if (this.wallNow() >= deadline) {
        for (const connection of this.open) if (connection.bufferedBytes > BACKLOG_HIGH_WATER_BYTES) connection.terminate('slow-client');
        return;
      }
      await sleep(BACKLOG_POLL_MS);
    }
  }

  private cutOverfull(): void {
    for (const connection of this.open) if (connection.bufferedBytes > this.limits.maxBufferedBytes) connection.terminate('slow-client');
  }
}
