// The connection lifecycle every venue feed shares: streams split across
// connections ("slots"), reconnect with exponential backoff and jitter,
// staleness detection, and replacement of a connection before the venue's
// age limit or when the venue announces a shutdown, by opening the new one
// and closing the old one only once the new one is live (make-before-break:
// the stream never stops). A venue subclass says how to build the URL, what
// to send once a connection is open, and what its frames mean.
import type { Logger } from 'pino';
import { backoffDelay, checkBackoffPolicy, type BackoffPolicy, type RandomSource } from './backoff.js';
import { FeedConnection, type ConnectionPurpose, type DisconnectReason, type RotationReason } from './feed-connection.js';
import type { OpenSocket } from './feed-socket.js';
import { SlidingWindow } from './sliding-window.js';

export interface FeedSettings {
  readonly streamsPerConnection: number;
  readonly backoff: BackoffPolicy;
  /** No frame and no ping for this long: the connection is dead, replace it. */
  readonly staleAfterMs: number;
  /** Replace a connection this long after it went live (before the venue's cut-off). */
  readonly maxConnectionAgeMs: number;
  /** Bound on opening plus subscribing. */
  readonly liveTimeoutMs: number;
  /** A connection live this long counts as stable: its loss restarts the backoff. */
  readonly stableAfterMs: number;
}

/** The venue's documented limits. */
export interface VenueLimits {
  readonly connectionAttempts: number;
  readonly connectionWindowMs: number;
  /** Messages we may send per second per connection, with room left for pongs. */
  readonly messagesPerSecond: number;
}

export interface FeedMetrics {
  reconnect(reason: DisconnectReason): void;
  rotation(reason: RotationReason): void;
  liveConnections(count: number): void;
}

export interface FeedDependencies {
  readonly openSocket: OpenSocket;
  readonly logger: Logger;
  readonly metrics: FeedMetrics;
  /**
   * The streams are live again after a time without a live connection:
   * whatever was traded meanwhile was missed and must be asked for.
   */
  readonly recovered?: (streams: readonly string[]) => void;
  readonly random?: RandomSource;
}

interface Slot {
  readonly index: number;
  readonly streams: readonly string[];
  current: FeedConnection | undefined;
  replacement: FeedConnection | undefined;
  /** Consecutive failures: the backoff attempt. */
  failures: number;
  timer: NodeJS.Timeout | undefined;
  /** After a failed replacement, the next one waits until then. */
  rotationRetryAt: number;
  /** The slot lost its live connection since it was last live (not set by make-before-break). */
  interrupted: boolean;
}

export interface SlotStatus {
  readonly slot: number;
  readonly streams: number;
  readonly live: boolean;
  readonly failures: number;
}

export abstract class RealtimeFeed {
  private slots: Slot[] = [];
  private readonly attempts: SlidingWindow;
  private readonly random: RandomSource;
  private watchdog: NodeJS.Timeout | undefined;
  private nextConnectionId = 1;
  private running = false;
  private paused = false;

  protected constructor(
    protected readonly settings: FeedSettings,
    protected readonly limits: VenueLimits,
    protected readonly deps: FeedDependencies,
  ) {
    checkBackoffPolicy(settings.backoff);
    this.attempts = new SlidingWindow(limits.connectionAttempts, limits.connectionWindowMs);
    this.random = deps.random ?? Math.random;
  }

  /** The URL of a connection carrying `streams`. */
  protected abstract connectionUrl(streams: readonly string[]): string;
  /** The socket is open: subscribe, then call markLive(). */
  protected abstract onOpen(connection: FeedConnection): void;
  protected abstract onData(connection: FeedConnection, data: Buffer, receivedAt: number): void;
  /** The connection is gone; forget any per-connection state. */
  protected abstract onClosed(connection: FeedConnection): void;

  start(streams: readonly string[]): void {
    if (this.running) throw new Error('feed already started');
    if (streams.length === 0) throw new Error('feed needs at least one stream');
    this.running = true;
    const size = this.settings.streamsPerConnection;
    for (let index = 0; index * size < streams.length; index += 1) {
      const slot: Slot = { index, streams: streams.slice(index * size, (index + 1) * size), current: undefined, replacement: undefined, failures: 0, timer: undefined, rotationRetryAt: 0, interrupted: false };
      this.slots.push(slot);
      this.open(slot, 'initial');
    }
    const every = Math.max(25, Math.min(1_000, Math.floor(this.settings.staleAfterMs / 4)));
    this.watchdog = setInterval(() => this.inspect(Date.now()), every);
  }

  /** Closes every connection; resolves once all sockets are closed. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.watchdog);
    const closing: Promise<void>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.timer);
      for (const connection of [slot.current, slot.replacement]) {
        if (connection !== undefined && connection.state !== 'closed') closing.push(this.closeAndWait(connection));
      }
    }
    await Promise.all(closing);
  }

  /** True when every slot has a live connection. */
  get live(): boolean {
    return this.slots.length > 0 && this.slots.every((slot) => slot.current?.isLive === true);
  }

  status(): SlotStatus[] {
    return this.slots.map((slot) => ({ slot: slot.index, streams: slot.streams.length, live: slot.current?.isLive === true, failures: slot.failures }));
  }

  /** Stops reading every connection (backpressure); staleness is not judged meanwhile. */
  pause(): void {
    this.paused = true;
    for (const connection of this.connections()) connection.socket?.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const now = Date.now();
    for (const connection of this.connections()) {
      connection.lastActivityAt = now;
      connection.socket?.resume();
    }
  }

  /** The connection carries its streams now. */
  protected markLive(connection: FeedConnection): void {
    if (connection.state !== 'open') return;
    const now = Date.now();
    connection.state = 'live';
    connection.liveAt = now;
    connection.rotateAt = now + this.settings.maxConnectionAgeMs - this.rotationJitter();
    const slot = this.slotOf(connection);
    if (connection === slot.replacement) this.promote(slot, connection);
    this.deps.logger.info({ slot: slot.index, connection: connection.id, purpose: connection.purpose, streams: connection.streams.length }, 'feed connection live');
    this.reportLive();
    if (connection === slot.current && slot.interrupted) {
      slot.interrupted = false;
      this.deps.recovered?.(slot.streams);
    }
  }

  /** Make-before-break replacement of a connection that is still up. */
  protected replace(connection: FeedConnection, reason: RotationReason): void {
    const slot = this.slotOf(connection);
    // slot.timer: a replacement already waits for the connection-attempt limit.
    if (!this.running || connection !== slot.current || slot.replacement !== undefined || slot.timer !== undefined) return;
    this.deps.logger.info({ slot: slot.index, connection: connection.id, reason }, 'replacing feed connection');
    this.open(slot, reason);
  }

  /** Ends a misbehaving connection; the usual reconnect follows. */
  protected fail(connection: FeedConnection, reason: DisconnectReason): void {
    if (connection.state === 'closed') return;
    connection.failReason ??= reason;
    connection.socket?.terminate();
  }

  private open(slot: Slot, purpose: ConnectionPurpose): void {
    const now = Date.now();
    const wait = this.attempts.delayAt(now);
    if (wait > 0) {
      // The venue counts connection attempts per IP; never exceed its window.
      this.deps.logger.warn({ slot: slot.index, waitMs: wait }, 'connection attempt limit reached; waiting');
      clearTimeout(slot.timer);
      slot.timer = setTimeout(() => {
        slot.timer = undefined;
        this.open(slot, purpose);
      }, wait);
      return;
    }
    this.attempts.record(now);
    const connection = new FeedConnection(this.nextConnectionId++, slot.index, slot.streams, purpose, now, this.limits.messagesPerSecond);
    if (purpose === 'max-age' || purpose === 'server-shutdown') slot.replacement = connection;
    else slot.current = connection;
    connection.socket = this.deps.openSocket(this.connectionUrl(slot.streams), {
      open: () => this.socketOpened(connection),
      message: (data, receivedAt) => {
        connection.lastActivityAt = receivedAt;
        this.onData(connection, data, receivedAt);
      },
      ping: () => {
        connection.lastActivityAt = Date.now();
      },
      error: (error) => this.deps.logger.warn({ slot: slot.index, connection: connection.id, err: error }, 'feed connection error'),
      close: (code, reason) => this.socketClosed(connection, code, reason),
    });
  }

  private socketOpened(connection: FeedConnection): void {
    if (connection.state !== 'opening') return;
    connection.state = 'open';
    connection.openedAt = Date.now();
    connection.lastActivityAt = connection.openedAt;
    if (this.paused) connection.socket?.pause();
    this.onOpen(connection);
  }

  private socketClosed(connection: FeedConnection, code: number, reason: string): void {
    const wasLive = connection.isLive;
    connection.markClosed();
    this.onClosed(connection);
    if (!this.running || connection.retired) return;
    const slot = this.slotOf(connection);
    const why: DisconnectReason = connection.failReason ?? (code === 1006 ? 'connection-lost' : 'closed-by-server');
    this.deps.logger.warn({ slot: slot.index, connection: connection.id, code, reason, why, wasLive }, 'feed connection closed');
    if (connection === slot.replacement) {
      slot.replacement = undefined;
      slot.failures += 1;
      slot.rotationRetryAt = Date.now() + this.delayFor(slot);
    } else if (connection === slot.current) {
      const stable = connection.liveAt !== undefined && Date.now() - connection.liveAt >= this.settings.stableAfterMs;
      slot.failures = stable ? 1 : slot.failures + 1;
      if (wasLive) slot.interrupted = true;
      slot.current = slot.replacement;
      slot.replacement = undefined;
      this.deps.metrics.reconnect(why);
      // A replacement on its way takes over; otherwise reconnect after a backoff.
      if (slot.current === undefined) this.scheduleReconnect(slot);
    }
    this.reportLive();
  }

  private scheduleReconnect(slot: Slot): void {
    const delay = this.delayFor(slot);
    this.deps.logger.info({ slot: slot.index, attempt: slot.failures, delayMs: delay }, 'reconnecting feed');
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (this.running && slot.current === undefined) this.open(slot, 'reconnect');
    }, delay);
  }

  private delayFor(slot: Slot): number {
    return backoffDelay(Math.max(0, slot.failures - 1), this.settings.backoff, this.random);
  }

  private promote(slot: Slot, connection: FeedConnection): void {
    const old = slot.current;
    slot.current = connection;
    slot.replacement = undefined;
    this.deps.metrics.rotation(connection.purpose as RotationReason);
    if (old !== undefined && old.state !== 'closed') {
      old.retired = true;
      old.socket?.close(1000, 'replaced by a new connection');
    }
  }

  /** Periodic checks: live timeouts, staleness, and age-based rotation. */
  private inspect(now: number): void {
    for (const slot of this.slots) {
      for (const connection of [slot.current, slot.replacement]) {
        if (connection === undefined || connection.state === 'closed') continue;
        if (!connection.isLive && now - connection.createdAt > this.settings.liveTimeoutMs) this.fail(connection, 'live-timeout');
        else if (connection.isLive && !this.paused && now - connection.lastActivityAt > this.settings.staleAfterMs) this.fail(connection, 'stale');
      }
      const current = slot.current;
      if (current?.isLive && slot.replacement === undefined && now >= current.rotateAt && now >= slot.rotationRetryAt) this.replace(current, 'max-age');
    }
  }

  /** Up to 5% of the age limit (at most a minute) earlier, so slots opened together do not rotate together. */
  private rotationJitter(): number {
    return Math.floor(this.random() * Math.min(60_000, this.settings.maxConnectionAgeMs * 0.05));
  }

  private reportLive(): void {
    this.deps.metrics.liveConnections(this.slots.filter((slot) => slot.current?.isLive === true).length);
  }

  private slotOf(connection: FeedConnection): Slot {
    return this.slots[connection.slot] as Slot;
  }

  private *connections(): Iterable<FeedConnection> {
    for (const slot of this.slots) {
      if (slot.current !== undefined) yield slot.current;
      if (slot.replacement !== undefined) yield slot.replacement;
    }
  }

  private closeAndWait(connection: FeedConnection): Promise<void> {
    connection.retired = true;
    connection.socket?.close(1000, 'shutting down');
    return connection.whenClosed;
  }
}
