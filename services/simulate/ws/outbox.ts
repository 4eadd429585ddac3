// Everything a connection sends goes through its outbox, where the frame
// faults act: while stalled, frames are dropped (the client sees silence
// and, later, a gap); with a delay, frames wait their time in order (a
// frame never overtakes one queued before it, even when the delay is
// lifted meanwhile). The frames of one turn of the event loop leave in one
// write to the socket, encoded here (text-frames.ts) rather than one by one
// by ws's sender; ws still writes the control frames (pings, pongs, close),
// which may go between messages, and the connection flushes the outbox
// before its close frame.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { FrameKind } from './frame.js';
import { encodeTextFrames } from './text-frames.js';

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
  /** Frames of this turn of the event loop, written together at its end. */
  private turnTexts: string[] = [];
  private turnKinds: SentKind[] = [];
  private readonly endOfTurn = () => this.flush();

  constructor(
    private readonly ws: WebSocket,
    /** The connection's TCP socket, which the frames are written to. */
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
    this.turnTexts = [];
    this.turnKinds = [];
  }

  /** Writes this turn's frames now (before a close frame, which must be the last). */
  flush(): void {
    const texts = this.turnTexts;
    const kinds = this.turnKinds;
    if (texts.length === 0) return;
    this.turnTexts = [];
    this.turnKinds = [];
    if (this.ws.readyState !== this.ws.OPEN) {
      for (const kind of kinds) this.events.dropped(kind);
      return;
    }
    this.socket.write(encodeTextFrames(texts));
    for (const kind of kinds) this.events.sent(kind);
  }

  private write(text: string, kind: SentKind): void {
    if (this.gate.stalled() || this.ws.readyState !== this.ws.OPEN) {
      this.events.dropped(kind);
      return;
    }
    if (this.turnTexts.length === 0) process.nextTick(this.endOfTurn);
    this.turnTexts.push(text);
    this.turnKinds.push(kind);
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
