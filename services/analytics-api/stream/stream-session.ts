// One StreamCandles call, independent of how it is written to the client.
// For each subscription: register with the hub (holding live updates), read
// the history, then queue history, HistoryComplete and the held updates
// through the seam (seam.ts); after that, live updates go straight to the
// queue. A writer (connect-writer.ts, grpc-writer.ts) takes the events as
// the client can take them; each subscription's updates are numbered when
// taken, and a heartbeat is due when the stream has been idle.
//
// A stream that cannot keep up is conflated by its queue and cut with
// RESOURCE_EXHAUSTED when the queue outgrows its capacity or its oldest item
// waits longer than maxLag. A cut stream that does not even read its error
// (its transport is full) is reset after cutGrace, so it frees its memory.
import { constants as http2 } from 'node:http2';
import { Code, ConnectError } from '@connectrpc/connect';
import type { HttpRequest } from '../../../common/http/index.js';
import type { CandleHub } from '../live/candle-hub.js';
import type { LiveCandle, SeriesRef } from '../live/live-candle.js';
import type { StreamMetrics } from '../metrics.js';
import { OutboundQueue, type PushOutcome } from './outbound-queue.js';
import { planSeam, type SeamFilter } from './seam.js';
import type { StreamEvent } from './stream-events.js';

export interface StreamLimits {
  /** Updates a stream may have waiting before it is cut (finals are never dropped, so a slow stream grows). */
  readonly queueCapacity: number;
  /** A stream whose oldest waiting update is older than this is cut. */
  readonly maxLagMs: number;
  /** Idle time after which a heartbeat is sent. */
  readonly heartbeatMs: number;
  /** Time a cut stream gets to take its error before the connection (HTTP/1.1) or stream (HTTP/2) is reset. */
  readonly cutGraceMs: number;
}

export interface StreamDependencies {
  readonly hub: CandleHub;
  /** The newest `count` closed candles of a series, ascending. */
  readHistory(series: SeriesRef, count: number): Promise<readonly LiveCandle[]>;
  readonly metrics: StreamMetrics;
  readonly limits: StreamLimits;
  readonly now: () => number;
}

type EndReason = 'client' | 'too_slow' | 'shutdown' | 'failed';

/** Messages sent by kind and partials conflated, counted here and added to the metrics by the registry's timer (a labelled counter per message costs more than the rest of sending it). */
export interface StreamCounts {
  live: number;
  history: number;
  history_complete: number;
  heartbeat: number;
  conflated: number;
}

const zeroCounts = (): StreamCounts => ({ live: 0, history: 0, history_complete: 0, heartbeat: 0, conflated: 0 });

/** How the stream ends once its queue is drained: normally, or with `error`. */
export interface StreamOutcome {
  readonly error?: unknown;
}

interface Subscription {
  readonly index: number;
  readonly series: SeriesRef;
  /** Live updates held while the history is read; undefined once live. */
  held: OutboundQueue | undefined;
  filter: SeamFilter | undefined;
  sequence: number;
  unsubscribe: () => void;
}

export class StreamSession {
  private readonly queue: OutboundQueue;
  private readonly subscriptions: Subscription[];
  private wake: (() => void) | undefined;
  private listener: (() => void) | undefined;
  private ending: { readonly reason: EndReason; readonly error?: unknown } | undefined;
  private heartbeatDue = false;
  private lastSentAt: number;
  private resetTimer: NodeJS.Timeout | undefined;
  private finish: () => void = () => undefined;
  private closed = false;
  private counts = zeroCounts();
  /** Resolves once the writer has closed the session, however the stream ended. */
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    private readonly deps: StreamDependencies,
    series: readonly SeriesRef[],
    private readonly historyCount: number,
    /** The Node.js request, to reset a cut stream whose client takes nothing more. */
    private readonly request?: HttpRequest,
  ) {
    this.queue = new OutboundQueue(deps.limits.queueCapacity);
    this.lastSentAt = deps.now();
    this.subscriptions = series.map((ref, index) => ({
      index, series: ref, held: undefined, filter: undefined, sequence: 0, unsubscribe: () => undefined,
    }));
  }

  /** Subscribes and starts the history reads; `signal` aborts when the client leaves. */
  open(signal: AbortSignal): void {
    signal.addEventListener('abort', () => this.end('client'), { once: true });
    if (signal.aborted) this.end('client');
    for (const subscription of this.subscriptions) this.start(subscription);
  }

  /** Calls `listener` whenever events become ready or the stream ends (the alternative to awaiting ready()). */
  onWork(listener: () => void): void {
    this.listener = listener;
  }

  /** Resolves when an event can be taken or the stream is over. */
  async ready(): Promise<void> {
    if (this.queue.size > 0 || this.heartbeatDue || this.ending !== undefined) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }

  /** The next event, numbered now; undefined when none is ready. */
  next(): StreamEvent | undefined {
    const item = this.queue.shift();
    const now = this.deps.now();
    if (item === undefined) {
      if (!this.heartbeatDue || this.ending !== undefined) return undefined;
      this.heartbeatDue = false;
      this.lastSentAt = now;
      this.counts.heartbeat += 1;
      return { kind: 'heartbeat', serverTime: now };
    }
    this.lastSentAt = now;
    const subscription = this.subscriptions[item.subscription] as Subscription;
    if (item.kind === 'history-complete') {
      this.counts.history_complete += 1;
      return { kind: 'history-complete', subscription: item.subscription, lastSequence: subscription.sequence };
    }
    subscription.sequence += 1;
    if (item.history) {
      this.counts.history += 1;
    } else {
      this.counts.live += 1;
      this.deps.metrics.delivery.observe((now - item.candle.receivedAt) / 1_000);
    }
    return { kind: 'candle', subscription: item.subscription, sequence: subscription.sequence, candle: item.candle };
  }

  /** Set once the stream is ending and nothing is left to take. */
  outcome(): StreamOutcome | undefined {
    if (this.ending === undefined || this.queue.size > 0) return undefined;
    return this.ending.error === undefined ? {} : { error: this.ending.error };
  }

  /** The writer is done: release everything. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.end('client');
    clearTimeout(this.resetTimer);
    this.deps.metrics.ended.inc({ reason: this.ending?.reason ?? 'client' });
    this.finish();
  }

  /** The counts since the last call. */
  takeCounts(): StreamCounts {
    const counts = this.counts;
    this.counts = zeroCounts();
    return counts;
  }

  /** Called periodically by the registry: heartbeats for idle streams, and the lag bound. */
  tick(now: number): void {
    if (this.ending !== undefined) return;
    const oldest = this.queue.oldestEnqueuedAt();
    if (oldest !== undefined && now - oldest > this.deps.limits.maxLagMs) {
      this.cut(`stream fell more than ${this.deps.limits.maxLagMs} ms behind the live feed`);
      return;
    }
    if (oldest === undefined && now - this.lastSentAt >= this.deps.limits.heartbeatMs) {
      this.heartbeatDue = true;
      this.signalWork();
    }
  }

  /** Ends the stream after what is queued, with UNAVAILABLE so clients reconnect (to another instance). */
  shutdown(): void {
    this.end('shutdown', new ConnectError('server is shutting down; reconnect', Code.Unavailable));
  }

  private start(subscription: Subscription): void {
    if (this.ending !== undefined) return;
    subscription.held = new OutboundQueue(this.deps.limits.queueCapacity);
    const { snapshot, unsubscribe } = this.deps.hub.subscribe(subscription.series.key, (candle) => this.offer(subscription, candle));
    subscription.unsubscribe = unsubscribe;
    const history = this.historyCount === 0 ? Promise.resolve([]) : this.deps.readHistory(subscription.series, this.historyCount);
    history.then(
      (stored) => this.seam(subscription, stored, snapshot),
      (error: unknown) => this.end('failed', error),
    );
  }

  private seam(subscription: Subscription, stored: readonly LiveCandle[], snapshot: readonly LiveCandle[]): void {
    if (this.ending !== undefined) return;
    const now = this.deps.now();
    const plan = planSeam(stored, snapshot, this.historyCount);
    const held = subscription.held;
    subscription.held = undefined;
    subscription.filter = plan.filter;
    for (const candle of plan.history) this.push(this.queue.pushCandle(subscription.index, candle, true, now));
    this.push(this.queue.pushMarker(subscription.index, now));
    if (plan.partial !== undefined) this.push(this.queue.pushCandle(subscription.index, plan.partial, false, now));
    for (let item = held?.shift(); item !== undefined && this.ending === undefined; item = held?.shift()) {
      if (item.kind === 'candle') this.offer(subscription, item.candle);
    }
    this.signalWork();
  }

  private offer(subscription: Subscription, candle: LiveCandle): void {
    if (this.ending !== undefined) return;
    if (subscription.held !== undefined) {
      this.push(subscription.held.pushCandle(0, candle, false, this.deps.now()));
      return;
    }
    if (subscription.filter?.admit(candle) === false) return;
    this.push(this.queue.pushCandle(subscription.index, candle, false, this.deps.now()));
    this.signalWork();
  }

  private push(outcome: PushOutcome): void {
    if (outcome === 'conflated') this.counts.conflated += 1;
    else if (outcome === 'overflow') this.cut(`stream too slow: more than ${this.deps.limits.queueCapacity} updates waiting to be sent`);
  }

  private cut(message: string): void {
    this.end('too_slow', new ConnectError(message, Code.ResourceExhausted));
    this.queue.clear();
    this.resetTimer = setTimeout(() => this.reset(), this.deps.limits.cutGraceMs);
    this.resetTimer.unref();
  }

  private end(reason: EndReason, error?: unknown): void {
    if (this.ending !== undefined) return;
    this.ending = { reason, error };
    // Nobody is left to read what is queued.
    if (reason === 'client') this.queue.clear();
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
      subscription.held?.clear();
    }
    this.signalWork();
  }

  private signalWork(): void {
    this.wake?.();
    this.listener?.();
  }

  /** The client never took its error: free the stream at the transport. */
  private reset(): void {
    const request = this.request;
    if (request === undefined || this.closed) return;
    if ('stream' in request) request.stream.close(http2.NGHTTP2_ENHANCE_YOUR_CALM);
    else request.socket.destroy();
  }
}
