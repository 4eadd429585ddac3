// Every open StreamCandles stream of this instance: bounds their number, runs
// one shared timer for heartbeats and the lag bound (instead of a timer per
// stream), and ends them all on shutdown.
import { WickError } from '../../../common/errors/index.js';
import type { StreamMetrics } from '../metrics.js';
import type { StreamCounts, StreamSession } from './stream-session.js';

export interface StreamRegistryOptions {
  /** Most streams open at once; one more is refused with RESOURCE_EXHAUSTED. */
  readonly maxStreams: number;
  /** How often streams are checked for heartbeats and lag. */
  readonly tickMs: number;
  readonly metrics: StreamMetrics;
  readonly now: () => number;
}

export class StreamRegistry {
  private readonly sessions = new Set<StreamSession>();
  private readonly timer: NodeJS.Timeout;
  private closing = false;

  constructor(private readonly options: StreamRegistryOptions) {
    this.timer = setInterval(() => this.tick(), options.tickMs);
    this.timer.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Tracks the session until its generator ends; throws when the instance is full or shutting down. */
  add(session: StreamSession): void {
    if (this.closing) throw new WickError('unavailable', 'server is shutting down');
    if (this.sessions.size >= this.options.maxStreams) {
      throw new WickError('rate_limited', `this instance serves its maximum of ${this.options.maxStreams} streams; try again later`);
    }
    this.sessions.add(session);
    this.options.metrics.streams.set(this.sessions.size);
    void session.finished.then(() => {
      this.sessions.delete(session);
      this.record(session.takeCounts());
      this.options.metrics.streams.set(this.sessions.size);
    });
  }

  /** Ends every stream (after what each has queued) and resolves when all have ended or `signal` aborts. */
  async shutdown(signal?: AbortSignal): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    const finished = [...this.sessions].map((session) => {
      session.shutdown();
      return session.finished;
    });
    const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([Promise.all(finished), aborted]);
  }

  /** Flushes the sessions' counts into the metrics, so /metrics is at most one tick behind. */
  private tick(): void {
    const now = this.options.now();
    const total: StreamCounts = { live: 0, history: 0, history_complete: 0, heartbeat: 0, conflated: 0 };
    for (const session of this.sessions) {
      session.tick(now);
      const counts = session.takeCounts();
      for (const kind of Object.keys(total) as Array<keyof StreamCounts>) total[kind] += counts[kind];
    }
    this.record(total);
  }

  private record(counts: StreamCounts): void {
    const { sent, conflated } = this.options.metrics;
    for (const kind of ['live', 'history', 'history_complete', 'heartbeat'] as const) if (counts[kind] > 0) sent.inc({ kind }, counts[kind]);
    if (counts.conflated > 0) conflated.inc(counts.conflated);
  }
}
