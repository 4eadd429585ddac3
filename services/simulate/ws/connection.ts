// One client connection on the stream server: its streams, its wire form
// (raw or combined, ms or µs), the requests it sends, and the limits
// Binance enforces on it (5 incoming messages a second, 1024 streams, pong
// within a minute, 24-hour lifetime).
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import type { WsLimits } from '../options.js';
import { labelledCounter, type DisconnectReason, type SimulatorMetrics } from '../metrics.js';
import type { Frame } from './frame.js';
import { Heartbeat } from './heartbeat.js';
import { IncomingLimit } from './incoming-limit.js';
import { Outbox, type FrameGate } from './outbox.js';
import { parseRequest, resultReply, type Command } from './requests.js';
import type { StreamHub, Subscriber } from './stream-hub.js';

export interface ConnectionContext {
  readonly hub: StreamHub;
  readonly limits: WsLimits;
  readonly gate: FrameGate;
  readonly metrics: SimulatorMetrics;
  readonly logger: Logger;
  readonly wallNow: () => number;
  readonly onClosed: (connection: StreamConnection) => void;
}

export interface ConnectionSetup {
  /** The upgraded TCP socket under `ws` (for corking writes). */
  readonly socket: Duplex;
  readonly combined: boolean;
  readonly micros: boolean;
  readonly streams: readonly string[];
}

/** Close codes: 1008 policy violation is what Binance answers a client over the message limit with ("Too many requests"). */
const POLICY_VIOLATION = 1008;
const GOING_AWAY = 1001;

export class StreamConnection implements Subscriber {
  private readonly streams = new Set<string>();
  private readonly outbox: Outbox;
  private readonly heartbeat: Heartbeat;
  private readonly incoming: IncomingLimit;
  private readonly lifetime: NodeJS.Timeout;
  private combined: boolean;
  private readonly micros: boolean;
  private ended = false;
  /** Set once the server decided to end the connection; the first reason is the one counted. */
  private closing = false;
  private endReason: DisconnectReason = 'client';

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectionContext,
    setup: ConnectionSetup,
  ) {
    const { limits, metrics, wallNow, gate } = context;
    this.combined = setup.combined;
    this.micros = setup.micros;
    const sent = labelledCounter(metrics.framesSent, 'kind');
    const dropped = labelledCounter(metrics.framesDropped, 'kind');
    this.outbox = new Outbox(ws, setup.socket, gate, { sent: (kind) => sent(kind).inc(), dropped: (kind) => dropped(kind).inc() }, wallNow);
    this.incoming = new IncomingLimit(limits.maxIncomingPerSecond);
    this.heartbeat = new Heartbeat(ws, {
      intervalMs: limits.pingIntervalMs,
      timeoutMs: limits.pongTimeoutMs,
      suspended: () => gate.stalled(),
      wallNow,
      onTimeout: () => this.terminate('pong-timeout'),
      onPing: () => metrics.pings.inc(),
    });
    this.lifetime = setTimeout(() => this.close(GOING_AWAY, 'Connection lifetime ended', 'lifetime'), limits.connectionLifetimeMs);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('ping', () => this.countIncoming());
    ws.on('pong', (data) => {
      if (this.countIncoming()) this.heartbeat.pong(data);
    });
    ws.on('close', () => this.onClose());
    ws.on('error', (error) => context.logger.debug({ err: error }, 'stream connection error'));
    this.heartbeat.start();
    if (setup.streams.length > limits.maxStreamsPerConnection) this.close(POLICY_VIOLATION, 'Too many streams', 'too-many-streams');
    else for (const stream of setup.streams) this.add(stream);
  }

  get isCombined(): boolean {
    return this.combined;
  }

  /** Bytes written to the socket but not yet sent. */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  subscriptions(): readonly string[] {
    return [...this.streams];
  }

  deliver(frame: Frame): void {
    this.outbox.send(frame.text(this.combined, this.micros), frame.kind);
  }

  /** Sends text as is (malformed frames), through the same outbox as every frame. */
  sendText(text: string, kind: 'malformed'): void {
    this.outbox.send(text, kind);
  }

  /** Closes with a close frame. */
  close(code: number, reason: string, why: DisconnectReason): void {
    if (this.ended) return;
    this.markClosing(why);
    // The close frame must come after every message already sent this turn.
    this.outbox.flush();
    this.ws.close(code, reason);
  }

  /** Cuts the TCP connection without a close frame, as a network failure would. */
  terminate(why: DisconnectReason): void {
    if (this.ended) return;
    this.markClosing(why);
    this.ws.terminate();
  }

  private markClosing(why: DisconnectReason): void {
    if (this.closing) return;
    this.closing = true;
    this.endReason = why;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!this.countIncoming()) return;
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
    const parsed = parseRequest(text);
    if (!parsed.ok) this.reply(parsed.reply);
    else this.execute(parsed.command);
  }

  /** Counts an incoming message; false (and the connection is closing) when over the limit. */
  private countIncoming(): boolean {
    if (this.ended || this.closing) return false;
    if (this.incoming.hit(this.context.wallNow())) return true;
    this.close(POLICY_VIOLATION, 'Too many requests', 'too-many-requests');
    return false;
  }

  private execute(command: Command): void {
    switch (command.method) {
      case 'SUBSCRIBE': {
        const added = command.streams.filter((stream) => !this.streams.has(stream));
        if (this.streams.size + new Set(added).size > this.context.limits.maxStreamsPerConnection) {
          this.close(POLICY_VIOLATION, 'Too many streams', 'too-many-streams');
          return;
        }
        for (const stream of added) this.add(stream);
        this.reply(resultReply(null, command.id));
        return;
      }
      case 'UNSUBSCRIBE':
        for (const stream of command.streams) this.remove(stream);
        this.reply(resultReply(null, command.id));
        return;
      case 'LIST_SUBSCRIPTIONS':
        this.reply(resultReply([...this.streams], command.id));
        return;
      case 'SET_PROPERTY':
        this.combined = command.value;
        this.reply(resultReply(null, command.id));
        return;
      case 'GET_PROPERTY':
        this.reply(resultReply(this.combined, command.id));
        return;
    }
  }

  private reply(text: string): void {
    this.outbox.send(text, 'response');
  }

  private add(stream: string): void {
    this.streams.add(stream);
    this.context.hub.subscribe(stream, this);
  }

  private remove(stream: string): void {
    if (!this.streams.delete(stream)) return;
    this.context.hub.unsubscribe(stream, this);
  }

  private onClose(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.lifetime);
    this.heartbeat.stop();
    this.outbox.dispose();
    for (const stream of [...this.streams]) this.remove(stream);
    this.context.metrics.disconnects.inc({ reason: this.endReason });
    this.context.onClosed(this);
  }
}
