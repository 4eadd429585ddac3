// Drives the replay: takes each trade when the clock reaches it (paced), or
// at once (as fast as possible, yielding to I/O every few hundred trades
// and waiting while clients are behind), and hands it to the sink, which
// publishes it on the streams and in the REST view. Trades before the start
// position are handed over as history before the clock starts.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SimTrade } from '../market/sim-trade.js';
import type { LoopShift } from './loop-shift.js';
import type { ReplayClock } from './replay-clock.js';
import type { PassTrade } from './replay-source.js';
import { WakeTimer } from './wake-timer.js';

export interface ReplaySink {
  /** The trade goes out now, with event time `eventTime`. */
  publish(trade: SimTrade, eventTime: number): void;
  /** A trade before the start position: history, never streamed. */
  preload(trade: SimTrade): void;
  /** Resolves once every client can take more frames; undefined when they already can. */
  backlog(): Promise<void> | undefined;
}

export interface ReplayProgress {
  /** Trades streamed (history from before the start position not counted). */
  readonly published: number;
  readonly preloaded: number;
  /** Passes begun over the recording (1 without --loop). */
  readonly passes: number;
  /** Set when reading the recording failed midway; what was published stays published. */
  readonly error?: Error;
}

export interface ReplayerOptions {
  readonly asFastAsPossible: boolean;
  /** Recording time before which trades are history. */
  readonly startTime?: number;
}

/** As fast as possible: trades published between two yields to the event loop. */
const BATCH_BETWEEN_YIELDS = 512;

export class Replayer {
  private readonly waker = new WakeTimer();
  private readonly iterator: AsyncIterator<PassTrade[]>;
  private batch: readonly PassTrade[] = [];
  private index = 0;
  private stopped = false;
  /** The recording has no more trades. */
  private exhausted = false;
  private lastPublishedTime = -Infinity;
  private published = 0;
  private preloaded = 0;
  private passes = 0;
  private resolveFinished: (progress: ReplayProgress) => void = () => undefined;
  readonly finished: Promise<ReplayProgress>;

  constructor(
    source: AsyncIterable<PassTrade[]>,
    /** Applied to each trade when it is published, not before: the timeline may still move (wall-anchor.ts). */
    private readonly shift: LoopShift,
    private readonly clock: ReplayClock,
    private readonly sink: ReplaySink,
    private readonly options: ReplayerOptions,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  progress(): ReplayProgress {
    return { published: this.published, preloaded: this.preloaded, passes: this.passes };
  }

  /**
   * Simulated time up to which every trade has been published, so candles
   * ending there may close: just before the next trade's time (or its due
   * time, if earlier), the clock once the recording is over.
   */
  watermark(): number {
    const now = this.clock.now();
    if (this.exhausted) return now;
    const next = this.batch[this.index];
    if (next === undefined) return Math.min(now, this.lastPublishedTime);
    return Math.min(now, next.recorded.time + this.shift.timeShift(next.pass) - 1, this.dueOf(next) - 1);
  }

  /** Hands every trade before the start position to the sink as history; returns the simulated time of the first live trade. */
  async preload(): Promise<number | undefined> {
    const startTime = this.options.startTime;
    while (await this.fill()) {
      const item = this.batch[this.index] as PassTrade;
      if (startTime === undefined || item.pass > 0 || item.recorded.time >= startTime) return this.dueOf(item);
      const trade = this.shift.trade(item.recorded, item.pass);
      this.sink.preload(trade);
      this.lastPublishedTime = trade.time;
      this.preloaded++;
      this.index++;
    }
    return undefined;
  }

  /** Runs the replay in the background; `finished` settles when it ends (never with --loop until stop()). */
  start(): void {
    this.run().then(
      () => this.resolveFinished(this.progress()),
      (error: unknown) => this.resolveFinished({ ...this.progress(), error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  pause(): void {
    this.clock.pause();
    this.waker.wake();
  }

  resume(): void {
    this.clock.resume();
    this.waker.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wake();
    await this.iterator.return?.();
  }

  private async run(): Promise<void> {
    let sinceYield = 0;
    while (!this.stopped && (await this.fill())) {
      const item = this.batch[this.index] as PassTrade;
      if (this.options.asFastAsPossible) {
        if (++sinceYield >= BATCH_BETWEEN_YIELDS) {
          sinceYield = 0;
          await this.sink.backlog();
          await nextTurn();
        }
        while (this.clock.isPaused && !this.stopped) await this.waker.sleep(Infinity);
        this.clock.jumpTo(this.dueOf(item));
      } else {
        await this.waitFor(item);
      }
      if (this.stopped) return;
      // Shifted only now: the timeline may have moved while the replay waited.
      const trade = this.shift.trade(item.recorded, item.pass);
      this.sink.publish(trade, Math.max(this.dueOf(item), this.clock.now()));
      this.lastPublishedTime = trade.time;
      this.published++;
      this.index++;
    }
    // The clock was following the trades; from here it runs in real time so the last candles close.
    if (this.options.asFastAsPossible) this.clock.setRate(1);
  }

  /** Sleeps until the clock reaches the trade's due time; never returns while paused (a trade due already still waits for resume). */
  private async waitFor(item: PassTrade): Promise<void> {
    while (!this.stopped) {
      const wait = this.clock.isPaused ? Infinity : this.clock.wallMsUntil(this.dueOf(item));
      if (wait <= 0) return;
      await this.waker.sleep(wait);
    }
  }

  /** Simulated time at which the trade is published: its recorded event time (or trade time), shifted. */
  private dueOf(item: PassTrade): number {
    return this.shift.dueTime(item.recorded, item.pass);
  }

  /** Makes batch[index] the next trade; false at the end of the recording. */
  private async fill(): Promise<boolean> {
    while (this.index >= this.batch.length) {
      const next = await this.iterator.next();
      if (next.done === true) {
        this.exhausted = true;
        return false;
      }
      this.batch = next.value;
      this.index = 0;
      const pass = (this.batch[0]?.pass ?? 0) + 1;
      if (pass > this.passes) this.passes = pass;
    }
    return true;
  }
}
