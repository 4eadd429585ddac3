// The candles of one symbol in one interval: the open ones (normally one,
// two while the previous one waits out its grace period after an
// out-of-order trade), and the latest closed ones, kept so a late trade can
// revise them. It closes candles in open-time order, fills empty intervals
// with flat candles and re-issues closed candles that a late trade changed.
import type { CandleAccumulator } from './accumulator.js';
import type { BaseBucket } from './base-bucket.js';
import type { CandleLabels, SymbolScales } from './candle-format.js';
import { restoreCandle, snapshotCandle } from './candle-snapshot.js';
import { CandleError } from './errors.js';
import type { IntervalClock } from './interval-clock.js';
import type { CandleSnapshot, SlotSnapshot } from './snapshot.js';

export interface SlotSettings {
  readonly graceMs: number;
  readonly fillEmptyIntervals: boolean;
  readonly reviseLateTrades: boolean;
  readonly revisionWindow: number;
}

/** What a slot needs from its engine: emitting a final and recycling accumulators. */
export interface SlotSink {
  final(slot: IntervalSlot, candle: CandleAccumulator): void;
  take(): CandleAccumulator;
  give(candle: CandleAccumulator): void;
}

export type AbsorbResult = 'open' | 'revised' | 'too-late';

export class IntervalSlot {
  /** Open candles in open-time order; each has at least one trade. */
  private readonly open: CandleAccumulator[] = [];
  /** Closed candles (flat ones included) in open-time order, newest last, within the revision window. */
  private readonly retained: CandleAccumulator[] = [];
  /** Open time of the newest closed candle; -Infinity before the first close. */
  lastClosedOpen = -Infinity;
  /** A trade reached the newest open candle outside the base bucket since the last partial. */
  dirty = false;

  constructor(
    readonly clock: IntervalClock,
    /** Exchange, symbol and interval, as every candle of this slot carries them. */
    readonly labels: CandleLabels,
    /** The symbol's output scales (shared by its slots). */
    readonly scales: SymbolScales,
    private readonly settings: SlotSettings,
    private readonly sink: SlotSink,
  ) {}

  /** Whether the candle containing `timeMs` is still open (not yet closed). */
  isOpenAt(timeMs: number): boolean {
    return this.clock.openTime(timeMs) > this.lastClosedOpen;
  }

  /**
   * Adds `source`, whose trades all fall in this interval's candle at
   * `timeMs`: to the open candle, else as a revision of the closed one.
   */
  absorb(source: CandleAccumulator | BaseBucket, timeMs: number): AbsorbResult {
    const openTime = this.clock.openTime(timeMs);
    if (openTime > this.lastClosedOpen) {
      this.openCandle(openTime).mergeFrom(source);
      return 'open';
    }
    return this.revise(source, openTime);
  }

  /** The newest open candle, if any. */
  newestOpen(): CandleAccumulator | undefined {
    return this.open[this.open.length - 1];
  }

  /** When the next candle of this slot is due to close: closeTime + grace, or Infinity. */
  deadline(): number {
    const next = this.nextToClose();
    return Number.isNaN(next) ? Infinity : this.clock.closeTime(next) + this.settings.graceMs;
  }

  /** Closes, in order, every candle whose closeTime + grace < nowMs (flat ones included). */
  closeUntil(nowMs: number): void {
    for (;;) {
      const next = this.nextToClose();
      if (Number.isNaN(next)) return;
      const closeTime = this.clock.closeTime(next);
      if (closeTime + this.settings.graceMs >= nowMs) return;
      this.closeBucket(next, closeTime);
    }
  }

  /** End of input: closes every open candle (and flat ones between them), whatever the clock. */
  closeAll(): void {
    const newest = this.newestOpen();
    if (newest === undefined) return;
    const last = newest.openTime;
    for (;;) {
      const next = this.nextToClose();
      if (Number.isNaN(next) || next > last) return;
      this.closeBucket(next, this.clock.closeTime(next));
    }
  }

  /** Earliest open time a late trade can still revise; older trades are too late for this slot. */
  horizon(): number {
    if (this.lastClosedOpen === -Infinity) return -Infinity;
    if (!this.settings.reviseLateTrades) return this.clock.nextOpenTime(this.lastClosedOpen);
    return this.clock.openTimeOfIndex(this.clock.index(this.lastClosedOpen) - this.settings.revisionWindow + 1);
  }

  toSnapshot(): SlotSnapshot {
    return {
      interval: this.clock.interval,
      lastClosedOpen: this.lastClosedOpen === -Infinity ? null : this.lastClosedOpen,
      dirty: this.dirty,
      open: this.open.map(snapshotCandle),
      retained: this.retained.map(snapshotCandle),
    };
  }

  /** Loads a checked snapshot into this empty slot, refusing candles that do not fit its interval or window. */
  restore(snapshot: SlotSnapshot, where: string): void {
    const at = `${where} (${this.clock.interval})`;
    const lastClosedOpen = snapshot.lastClosedOpen ?? -Infinity;
    if (snapshot.lastClosedOpen !== null) this.checkAligned(snapshot.lastClosedOpen, `${at}: lastClosedOpen`);
    const window = this.settings.reviseLateTrades ? this.settings.revisionWindow : 1;
    if (snapshot.retained.length > window) invalid(`${at}: ${snapshot.retained.length} retained candles, more than the ${window} this engine keeps`);
    const newestRetained = snapshot.retained[snapshot.retained.length - 1];
    if (newestRetained !== undefined && newestRetained.openTime !== lastClosedOpen) invalid(`${at}: the newest retained candle is not the last one closed`);
    this.checkCandles(snapshot.retained, `${at}: retained`);
    this.checkCandles(snapshot.open, `${at}: open`);
    if (snapshot.open.length > 0 && (snapshot.open[0] as CandleSnapshot).openTime <= lastClosedOpen) invalid(`${at}: an open candle is not after the last one closed`);
    this.lastClosedOpen = lastClosedOpen;
    this.dirty = snapshot.dirty;
    for (const candle of snapshot.retained) this.retained.push(restoreCandle(candle, this.sink.take()));
    for (const candle of snapshot.open) this.open.push(restoreCandle(candle, this.sink.take()));
  }

  /** Candles of this interval (aligned, with its close times) in strictly ascending order. */
  private checkCandles(candles: readonly CandleSnapshot[], where: string): void {
    let previous = -Infinity;
    for (const [i, candle] of candles.entries()) {
      this.checkAligned(candle.openTime, `${where}[${i}]`);
      if (candle.closeTime !== this.clock.closeTime(candle.openTime)) invalid(`${where}[${i}]: close time ${candle.closeTime} does not end the candle opening at ${candle.openTime}`);
      if (candle.openTime <= previous) invalid(`${where}[${i}]: candles are not in ascending open-time order`);
      previous = candle.openTime;
    }
  }

  private checkAligned(openTime: number, where: string): void {
    if (this.clock.openTime(openTime) !== openTime) invalid(`${where}: ${openTime} is not the open time of a ${this.clock.interval} candle at this engine's time zone`);
  }

  /** Open time of the next candle to close, or NaN when nothing is pending. */
  private nextToClose(): number {
    if (this.settings.fillEmptyIntervals && this.retained.length > 0) return this.clock.nextOpenTime(this.lastClosedOpen);
    const first = this.open[0];
    return first === undefined ? Number.NaN : first.openTime;
  }

  private closeBucket(openTime: number, closeTime: number): void {
    let candle: CandleAccumulator;
    const first = this.open[0];
    if (first !== undefined && first.openTime === openTime) {
      candle = first;
      this.open.shift();
    } else {
      candle = this.sink.take();
      candle.reset(openTime, closeTime);
      candle.setFlat(this.retained[this.retained.length - 1] as CandleAccumulator);
    }
    this.lastClosedOpen = openTime;
    this.sink.final(this, candle);
    this.retained.push(candle);
    this.evictOutsideWindow();
  }

  private openCandle(openTime: number): CandleAccumulator {
    let at = this.open.length;
    while (at > 0) {
      const existing = this.open[at - 1] as CandleAccumulator;
      if (existing.openTime === openTime) return existing;
      if (existing.openTime < openTime) break;
      at--;
    }
    const candle = this.sink.take();
    candle.reset(openTime, this.clock.closeTime(openTime));
    if (at === this.open.length) this.open.push(candle);
    else this.open.splice(at, 0, candle);
    return candle;
  }

  private revise(source: CandleAccumulator | BaseBucket, openTime: number): AbsorbResult {
    if (!this.settings.reviseLateTrades) return 'too-late';
    if (this.clock.index(this.lastClosedOpen) - this.clock.index(openTime) >= this.settings.revisionWindow) return 'too-late';
    let at = this.retained.length;
    while (at > 0 && (this.retained[at - 1] as CandleAccumulator).openTime > openTime) at--;
    let candle = this.retained[at - 1];
    if (candle !== undefined && candle.openTime === openTime) {
      at--;
    } else {
      // No candle was emitted for this interval (no previous close to fill it from, or fills are off).
      candle = this.sink.take();
      candle.reset(openTime, this.clock.closeTime(openTime));
      this.retained.splice(at, 0, candle);
    }
    candle.mergeFrom(source);
    this.sink.final(this, candle);
    this.repriceFlatsAfter(at);
    return 'revised';
  }

  /**
   * A revised candle may have a new close, and the flat candles after it
   * repeat the previous close: re-issue those, and create the flat ones
   * that were never emitted because no close was known yet.
   */
  private repriceFlatsAfter(index: number): void {
    if (!this.settings.fillEmptyIntervals) return;
    let previous = this.retained[index] as CandleAccumulator;
    let at = index + 1;
    while (previous.openTime < this.lastClosedOpen) {
      const openTime = this.clock.nextOpenTime(previous.openTime);
      let candle = this.retained[at];
      if (candle !== undefined && candle.openTime === openTime) {
        if (candle.tradeCount > 0 || !candle.setFlat(previous)) return;
      } else {
        candle = this.sink.take();
        candle.reset(openTime, this.clock.closeTime(openTime));
        candle.setFlat(previous);
        this.retained.splice(at, 0, candle);
      }
      this.sink.final(this, candle);
      previous = candle;
      at++;
    }
  }

  /**
   * Keeps at most `revisionWindow` closed candles. They are distinct
   * buckets, so with more than that the oldest is outside the window; an
   * older one kept because of gaps is harmless, since revise() checks the
   * distance itself.
   */
  private evictOutsideWindow(): void {
    const window = this.settings.reviseLateTrades ? this.settings.revisionWindow : 1;
    while (this.retained.length > window) this.sink.give(this.retained.shift() as CandleAccumulator);
  }
}

function invalid(message: string): never {
  throw new CandleError('invalid-snapshot', message);
}
