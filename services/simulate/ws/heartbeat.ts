// Server pings and the pong deadline: "The WebSocket server will send a
// ping frame every 20 seconds. If the WebSocket server does not receive a
// pong frame back from the connection within a minute the connection will
// be disconnected. When you receive a ping, you must send a pong with a copy
// of ping's payload as soon as possible. Unsolicited pong frames are
// allowed, but will not prevent disconnection." (web-socket-streams.md)
// So only a pong echoing an outstanding ping's payload answers it.
import type { WebSocket } from 'ws';

export interface HeartbeatOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** While true (a stall fault), no ping is sent. */
  readonly suspended: () => boolean;
  readonly wallNow: () => number;
  /** Called once when a ping went unanswered for timeoutMs. */
  readonly onTimeout: () => void;
  readonly onPing: () => void;
}

interface Outstanding {
  readonly payload: string;
  readonly sentAt: number;
}

export class Heartbeat {
  private readonly outstanding: Outstanding[] = [];
  private pingTimer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private sequence = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: HeartbeatOptions,
  ) {}

  start(): void {
    this.pingTimer = setInterval(() => this.ping(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.deadline);
    this.pingTimer = undefined;
    this.deadline = undefined;
  }

  /** A pong arrived: it answers the ping whose payload it echoes, and every older one. */
  pong(payload: Buffer): void {
    const text = payload.toString('utf8');
    const index = this.outstanding.findIndex((ping) => ping.payload === text);
    if (index === -1) return;
    this.outstanding.splice(0, index + 1);
    this.armDeadline();
  }

  private ping(): void {
    if (this.options.suspended() || this.ws.readyState !== this.ws.OPEN) return;
    // A payload that changes with every ping, so an echo can be told from an unsolicited pong.
    const payload = `${this.options.wallNow()}-${++this.sequence}`;
    this.outstanding.push({ payload, sentAt: this.options.wallNow() });
    this.ws.ping(payload);
    this.options.onPing();
    this.armDeadline();
  }

  private armDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
    const oldest = this.outstanding[0];
    if (oldest === undefined) return;
    const remaining = oldest.sentAt + this.options.timeoutMs - this.options.wallNow();
    this.deadline = setTimeout(() => {
      this.stop();
      this.options.onTimeout();
    }, Math.max(0, remaining));
  }
}
