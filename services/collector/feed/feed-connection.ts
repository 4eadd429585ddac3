// One WebSocket connection of a feed: its state, its timestamps, and an
// outbox paced to the venue's limit on messages we send (Binance: 5 per
// second per connection, pongs included, so control messages get less).
import type { FeedSocket } from './feed-socket.js';
import { SlidingWindow } from './sliding-window.js';

export type ConnectionState = 'opening' | 'open' | 'live' | 'closed';

/** Why a connection was opened. */
export type ConnectionPurpose = 'initial' | 'reconnect' | RotationReason;

/** Why a connection was replaced while still up (make-before-break). */
export type RotationReason = 'max-age' | 'server-shutdown';

/** Why a connection went down unplanned (the reconnect metric's label). */
export type DisconnectReason = 'connection-lost' | 'closed-by-server' | 'stale' | 'live-timeout' | 'request-failed';

export class FeedConnection {
  state: ConnectionState = 'opening';
  /** When the connection was asked for, opened and went live (ms). */
  readonly createdAt: number;
  openedAt: number | undefined;
  liveAt: number | undefined;
  /** Last frame or ping: what staleness is measured from. */
  lastActivityAt: number;
  /** When to replace it because of its age (set when it goes live). */
  rotateAt = Number.POSITIVE_INFINITY;
  /** Set when the feed ends the connection itself, to name the reason. */
  failReason: DisconnectReason | undefined;
  /** Closed on purpose after its replacement went live. */
  retired = false;
  socket: FeedSocket | undefined;
  private readonly outbox: string[] = [];
  private readonly sendWindow: SlidingWindow;
  private flushTimer: NodeJS.Timeout | undefined;
  private resolveClosed: () => void = () => undefined;
  /** Settles once the socket has closed. */
  readonly whenClosed: Promise<void> = new Promise((resolve) => {
    this.resolveClosed = resolve;
  });

  constructor(
    readonly id: number,
    readonly slot: number,
    readonly streams: readonly string[],
    readonly purpose: ConnectionPurpose,
    now: number,
    messagesPerSecond: number,
  ) {
    this.createdAt = now;
    this.lastActivityAt = now;
    this.sendWindow = new SlidingWindow(messagesPerSecond, 1_000);
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  /** Queues a message; it leaves as soon as the pacing window allows. */
  send(text: string): void {
    this.outbox.push(text);
    this.flush();
  }

  /** The socket is gone: drop what was not sent yet. */
  markClosed(): void {
    this.state = 'closed';
    this.outbox.length = 0;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.resolveClosed();
  }

  private flush(): void {
    if (this.flushTimer !== undefined) return;
    while (this.outbox.length > 0 && this.state !== 'closed' && this.socket !== undefined) {
      const now = Date.now();
      const wait = this.sendWindow.delayAt(now);
      if (wait > 0) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flush();
        }, wait);
        return;
      }
      this.sendWindow.record(now);
      this.socket.send(this.outbox.shift() as string);
    }
  }
}
