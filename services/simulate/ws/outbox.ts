// Everything a connection sends goes through its outbox, where the frame
// faults act: while stalled, frames are dropped (the client sees silence
// and, later, a gap); with a delay, frames wait their time in order (a
// frame never overtakes one queued before it, even when the delay is
// lifted meanwhile).
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { FrameKind } from './frame.js';

export type SentKind = FrameKind | 'response';

/** The fault state an outbox consults on every frame. */
export interface FrameGate {
  delayMs(): number;
  stalled(): boolean;
}

export interface OutboxEvents {
  sent(kind: SentKind): void;
  dropped(kind: SentKind): void;
}

interface Queued {
  readonly text: string;
  readonly kind: SentKind;
  readonly due: number;
}

export class Outbox {
  private readonly queue: Queued[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private corked = false;
  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly ws: WebSocket,
    /** The connection's TCP socket: corked while frames of one turn of the event loop are written, so they leave in one write. */
    private readonly socket: Duplex,
    private readonly gate: FrameGate,
    private readonly events: OutboxEvents,
    private readonly wallNow: () => number,
  ) {}

  send(text: string, kind: SentKind): void {
    const delay = this.gate.delayMs();
    if (delay <= 0 && this.head === this.queue.length) {
      this.write(text, kind);
      return;
    }
    this.queue.push({ text, kind, due: this.wallNow() + delay });
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  private write(text: string, kind: SentKind): void {
    if (this.gate.stalled() || this.ws.readyState !== this.ws.OPEN) {
      this.events.dropped(kind);
      return;
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.ws.send(text);
    this.events.sent(kind);
  }

  private schedule(): void {
    if (this.timer !== undefined || this.head === this.queue.length) return;
    const next = this.queue[this.head] as Queued;
    this.timer = setTimeout(() => this.drain(), Math.max(0, next.due - this.wallNow()));
  }

  private drain(): void {
    this.timer = undefined;
    const now = this.wallNow();
    while (this.head < this.queue.length && (this.queue[this.head] as Queued).due <= now) {
      const item = this.queue[this.head] as Queued;
      this.head++;
      this.write(item.text, item.kind);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      // Under a constant delay the queue never empties: drop what was sent.
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.schedule();
  }
}
