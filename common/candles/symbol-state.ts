// Everything the engine keeps for one symbol: its interval slots, the trade
// ids it has counted, the scales its decimals are written in, and the base
// bucket.
//
// The base bucket is the speed trick: the finest bucket that divides every
// configured interval (1m for the six defaults). A trade in the current
// base bucket, the usual case, updates that one accumulator only; the
// bucket is folded into each interval's candle when the next one starts or
// when a candle is about to close. So the per-trade cost does not grow with
// the number of intervals, and the result is the same because merging
// accumulators is exact and order-free.
import { BaseBucket } from './base-bucket.js';
import { SymbolScales, type CandleLabels } from './candle-format.js';
import { CandleAccumulator } from './accumulator.js';
import { restoreCandle, snapshotBase } from './candle-snapshot.js';
import { CandleError } from './errors.js';
import { intervalClock } from './interval-clock.js';
import type { IntervalName } from './intervals.js';
import { IntervalSlot, type SlotSettings, type SlotSink } from './interval-slot.js';
import { ParsedTrade, tryParseTrade } from './parsed-trade.js';
import type { Trade } from './trade.js';
import { SeenTradeIds } from './seen-trade-ids.js';
import { SNAPSHOT_VERSION, type BaseSnapshot, type SymbolSnapshot } from './snapshot.js';

export interface SymbolSettings extends SlotSettings {
  readonly exchange: string;
  readonly intervals: readonly IntervalName[];
  readonly timezoneOffsetMinutes: number;
  readonly minimumScale: number;
  readonly dedupe: boolean;
}

/** Base bucket geometry shared by all symbols of an engine. */
export class BaseBuckets {
  private readonly shift: number;

  constructor(
    readonly lengthMs: number,
    offsetMinutes: number,
  ) {
    this.shift = -offsetMinutes * 60_000;
  }

  openTime(timeMs: number): number {
    return Math.floor((timeMs - this.shift) / this.lengthMs) * this.lengthMs + this.shift;
  }
}

export class SymbolState {
  readonly scales: SymbolScales;
  readonly seen = new SeenTradeIds();
  /** This symbol's trade being added (and its last price, parsed once for a run of equal prices). */
  readonly parsed = new ParsedTrade();
  readonly slots: IntervalSlot[];
  /** Trades of the current base bucket not yet folded into the slots. */
  readonly base = new BaseBucket();
  /** The base bucket is [baseOpen, baseEnd); empty range when there is none. */
  baseOpen = Infinity;
  baseEnd = -Infinity;
  /** Base buckets only move forward; an older trade takes the slow path. */
  private lastBaseOpen = -Infinity;
  /** Earliest closeTime + grace of anything open (slots and base). */
  deadline = Infinity;
  /** Partials: the clock time before which none may be emitted, and whether the base changed since. */
  nextPartialAt = -Infinity;
  dirty = false;
  /** In the engine's list of symbols with a partial waiting for its throttle window. */
  pending = false;
  /** settings.dedupe, read by every trade. */
  private readonly dedupe: boolean;

  constructor(
    readonly symbol: string,
    private readonly settings: SymbolSettings,
    private readonly buckets: BaseBuckets,
    sink: SlotSink,
  ) {
    this.dedupe = settings.dedupe;
    this.scales = new SymbolScales(settings.minimumScale);
    this.slots = settings.intervals.map((interval) => {
      const labels: CandleLabels = { exchange: settings.exchange, symbol, interval };
      return new IntervalSlot(intervalClock(interval, settings.timezoneOffsetMinutes), labels, this.scales, settings, sink);
    });
  }

  /**
   * The hot path: a well-formed trade with a new trade id (above the highest
   * seen) in the current base bucket, the usual case, goes into the bucket
   * here and returns true. Everything else returns false before changing
   * anything, and the engine's full path handles it. Small on purpose, so V8
   * inlines it (and the parse) into the engine's add.
   */
  addInBase(trade: Trade): boolean {
    const parsed = this.parsed;
    if (!tryParseTrade(trade, parsed)) return false;
    const time = parsed.time;
    if (time < this.baseOpen || time >= this.baseEnd) return false;
    const dedupe = this.dedupe;
    if (dedupe && parsed.firstTradeId <= this.seen.maxId) return false;
    // A refusal (the bucket's sums are full) is handled by the full path too.
    if (!this.base.add(parsed)) return false;
    this.dirty = true;
    if (dedupe) this.seen.record(parsed);
    this.widenScales(parsed);
    return true;
  }

  /**
   * Adds a trade of the current base bucket to it. When the bucket's sums
   * would lose exactness it is folded into the slots first and the trade
   * added to the emptied bucket; false (nothing added) for a product too
   * large for the bucket's limbs even then, which the caller adds to the
   * slots directly.
   */
  addParsedToBase(parsed: ParsedTrade): boolean {
    if (!this.base.add(parsed)) {
      this.flushBase();
      if (!this.base.add(parsed)) return false;
    }
    this.dirty = true;
    return true;
  }

  /** Output scales follow the most decimals the symbol's trades were written with. */
  widenScales(parsed: ParsedTrade): void {
    const scales = this.scales;
    if (parsed.price.scale > scales.price) scales.price = parsed.price.scale;
    if (parsed.quantity.scale > scales.quantity) scales.quantity = parsed.quantity.scale;
  }

  /**
   * Starts a new base bucket for a trade at `timeMs` past the current one,
   * folding the old bucket into the slots first. Refused (false) when the
   * bucket would be older than a previous one or its candles already closed:
   * the trade then takes the slow path.
   */
  startBase(timeMs: number): boolean {
    const open = this.buckets.openTime(timeMs);
    if (open < this.lastBaseOpen) return false;
    if (!this.allOpenAt(open)) return false;
    this.flushBase();
    this.base.reset(open, open + this.buckets.lengthMs - 1);
    this.baseOpen = open;
    this.baseEnd = open + this.buckets.lengthMs;
    this.lastBaseOpen = open;
    const baseDeadline = this.baseDeadline();
    if (baseDeadline < this.deadline) this.deadline = baseDeadline;
    return true;
  }

  /** Folds the base bucket's trades into every slot, keeping the bucket open. */
  flushBase(): void {
    if (this.base.tradeCount === 0) return;
    for (const slot of this.slots) slot.absorb(this.base, this.base.openTime);
    this.base.reset(this.base.openTime, this.base.closeTime);
  }

  /** Closes every candle due before `nowMs`, then recomputes the deadline. */
  closeUntil(nowMs: number): void {
    this.flushBase();
    for (const slot of this.slots) slot.closeUntil(nowMs);
    this.afterClosing();
  }

  /** End of input: closes every open candle. */
  closeAll(): void {
    this.flushBase();
    for (const slot of this.slots) slot.closeAll();
    this.afterClosing();
  }

  /** Recomputes the deadline after candles were added outside the base bucket. */
  refreshDeadline(): void {
    let deadline = this.baseEnd === -Infinity ? Infinity : this.baseDeadline();
    for (const slot of this.slots) {
      const slotDeadline = slot.deadline();
      if (slotDeadline < deadline) deadline = slotDeadline;
    }
    this.deadline = deadline;
  }

  private afterClosing(): void {
    // A base bucket with a closed candle is finished: later trades for it are late (in that interval).
    if (this.baseEnd !== -Infinity && !this.allOpenAt(this.baseOpen)) {
      this.baseOpen = Infinity;
      this.baseEnd = -Infinity;
    }
    this.refreshDeadline();
    // An in-order stream keeps one range that only grows: nothing to prune.
    if (this.seen.rangeCount <= 1) return;
    let horizon = Infinity;
    for (const slot of this.slots) horizon = Math.min(horizon, slot.horizon());
    if (horizon !== -Infinity) this.seen.prune(horizon);
  }

  /** The complete state as a snapshot; `order` is the symbol's position in its engine. Reads only. */
  toSnapshot(order: number): SymbolSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      symbol: this.symbol,
      order,
      priceScale: this.scales.price,
      quantityScale: this.scales.quantity,
      seen: this.seen.toSnapshot(),
      base: this.baseEnd === -Infinity ? null : { open: this.baseOpen, end: this.baseEnd, candle: snapshotBase(this.base) },
      lastBaseOpen: this.lastBaseOpen === -Infinity ? null : this.lastBaseOpen,
      nextPartialAt: this.nextPartialAt === -Infinity ? null : this.nextPartialAt,
      dirty: this.dirty,
      slots: this.slots.map((slot) => slot.toSnapshot()),
    };
  }

  /**
   * Loads a checked snapshot (checkSymbolSnapshot) into this new state,
   * throwing a CandleError('invalid-snapshot') when it does not fit this
   * engine's intervals, time zone or revision window. May leave the state
   * half loaded when it throws: the engine then discards it.
   */
  restore(snapshot: SymbolSnapshot): void {
    const where = `snapshot of ${JSON.stringify(snapshot.symbol)}`;
    const intervals = snapshot.slots.map((slot) => slot.interval).join(',');
    if (intervals !== this.settings.intervals.join(',')) invalid(`${where}: intervals ${intervals} differ from this engine's ${this.settings.intervals.join(',')}`);
    this.scales.price = Math.max(this.scales.minimum, snapshot.priceScale);
    this.scales.quantity = Math.max(this.scales.minimum, snapshot.quantityScale);
    this.seen.restore(snapshot.seen);
    this.slots.forEach((slot, i) => slot.restore(snapshot.slots[i] as SymbolSnapshot['slots'][number], `${where}: slots[${i}]`));
    if (snapshot.base !== null) this.restoreBase(snapshot.base, `${where}: base`);
    if (snapshot.base !== null && snapshot.lastBaseOpen !== snapshot.base.open) invalid(`${where}: lastBaseOpen must be the open time of the current base bucket`);
    this.lastBaseOpen = snapshot.lastBaseOpen ?? -Infinity;
    this.nextPartialAt = snapshot.nextPartialAt ?? -Infinity;
    this.dirty = snapshot.dirty;
    this.refreshDeadline();
  }

  /**
   * The base bucket's range, with its trades folded into the slots' open
   * candles: the same state as after a flushBase, which changes no output
   * (merging is exact and order-free), and no limb limits to respect.
   */
  private restoreBase(base: BaseSnapshot, where: string): void {
    const length = this.buckets.lengthMs;
    if (this.buckets.openTime(base.open) !== base.open || base.end !== base.open + length) invalid(`${where}: [${base.open}, ${base.end}) is not a ${length} ms base bucket of this engine`);
    if (base.candle.openTime !== base.open || base.candle.closeTime !== base.end - 1) invalid(`${where}: its candle does not span the bucket`);
    for (const slot of this.slots) if (!slot.isOpenAt(base.open)) invalid(`${where}: its ${slot.clock.interval} candle is already closed`);
    this.base.reset(base.open, base.end - 1);
    this.baseOpen = base.open;
    this.baseEnd = base.end;
    if (base.candle.tradeCount === 0) return;
    const trades = restoreCandle(base.candle, new CandleAccumulator());
    for (const slot of this.slots) slot.absorb(trades, base.open);
  }

  /**
   * When the first candle holding the base bucket closes. Not always the
   * shortest interval's: 3m and 5m do not nest, and the 1m bucket [4m, 5m)
   * is in the 5m candle closing at 5m and the 3m one closing at 6m.
   */
  private baseDeadline(): number {
    let closeTime = Infinity;
    for (const slot of this.slots) {
      const clock = slot.clock;
      const close = clock.closeTime(clock.openTime(this.baseOpen));
      if (close < closeTime) closeTime = close;
    }
    return closeTime + this.settings.graceMs;
  }

  /** Whether every interval's candle at `timeMs` is still open. */
  private allOpenAt(timeMs: number): boolean {
    for (const slot of this.slots) if (!slot.isOpenAt(timeMs)) return false;
    return true;
  }
}

function invalid(message: string): never {
  throw new CandleError('invalid-snapshot', message);
}
