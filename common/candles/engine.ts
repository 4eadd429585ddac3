// The candle engine: trades and a clock in, Binance-exact candle updates
// out. Pure: no I/O, no Date.now(); the caller passes the clock with every
// call, so the same input always gives the same output.
//
// Per trade (hot path): one symbol lookup (cached for runs of one symbol),
// one parse of price and quantity into exact integers, one dedupe
// comparison, one accumulator update in the base bucket (symbol-state.ts)
// and one throttle comparison. Everything else (folding buckets into
// interval candles, closing, flat candles, partial snapshots) happens once
// per bucket or throttle window, not per trade.
import { CandleAccumulator } from './accumulator.js';
import type { Candle } from './candle.js';
import { relabel, toCandle } from './candle-format.js';
import { resolveOptions, type CandleEngineOptions, type DiscardReason, type ResolvedOptions } from './engine-options.js';
import { EngineCounters, type CandleEngineStats } from './engine-stats.js';
import { commonBaseLengthMs } from './interval-clock.js';
import type { IntervalName } from './intervals.js';
import type { IntervalSlot, SlotSink } from './interval-slot.js';
import { parseTrade, tryParseTrade, type ParsedTrade } from './parsed-trade.js';
import { CandleError } from './errors.js';
import { checkEngineMetaSnapshot, checkSymbolSnapshot } from './snapshot-check.js';
import { SNAPSHOT_VERSION, type EngineMetaSnapshot, type SymbolSnapshot } from './snapshot.js';
import { BaseBuckets, SymbolState } from './symbol-state.js';
import type { Trade } from './trade.js';

export type { CandleEngineOptions, DiscardedTrade, DiscardReason } from './engine-options.js';
export type { CandleEngineStats } from './engine-stats.js';
export { SNAPSHOT_VERSION, type CandleSnapshot, type EngineMetaSnapshot, type SlotSnapshot, type SeenSnapshot, type BaseSnapshot, type SymbolSnapshot } from './snapshot.js';

export class CandleEngine {
  private readonly options: ResolvedOptions;
  private readonly buckets: BaseBuckets;
  private readonly states = new Map<string, SymbolState>();
  private readonly symbolList: SymbolState[] = [];
  private lastSymbol: SymbolState | undefined;
  /** Copies of two options the hot path reads on every trade. */
  private readonly dedupe: boolean;
  private readonly partialsOn: boolean;
  /** One trade as an accumulator, for the slow path. */
  private readonly single = new CandleAccumulator();
  private readonly spare: CandleAccumulator[] = [];
  private readonly sink: SlotSink;
  /** Earliest symbol deadline: nothing needs closing before the clock passes it. */
  private nextDeadline = Infinity;
  /** Symbols holding back a partial until their throttle window ends, and the earliest end. */
  private pending: SymbolState[] = [];
  private nextPartialDue = Infinity;
  private readonly counters = new EngineCounters();

  constructor(options: CandleEngineOptions) {
    this.options = resolveOptions(options);
    this.dedupe = this.options.dedupe;
    this.partialsOn = this.options.emitPartials;
    this.buckets = new BaseBuckets(commonBaseLengthMs(this.options.intervals), this.options.timezoneOffsetMinutes);
    this.sink = {
      final: (slot, candle) => this.emitFinal(slot, candle),
      take: () => this.spare.pop() ?? new CandleAccumulator(),
      give: (candle) => {
        if (this.spare.length < 1024) this.spare.push(candle);
      },
    };
  }

  /** Counters since construction; a snapshot. */
  get stats(): CandleEngineStats {
    return this.counters.snapshot();
  }

  /** Adds one trade; `nowMs` is the clock (watermark) at its arrival. Never throws for bad input. */
  add(trade: Trade, nowMs: number): void {
    // Candles due before this trade arrived close first: a trade arriving after its candle's deadline is late.
    if (nowMs > this.nextDeadline) this.closeDue(nowMs);
    const state = this.symbolOf(trade);
    if (state !== undefined) {
      // The usual trade goes straight into its symbol's base bucket; every other case takes the full path.
      if (state.addInBase(trade)) {
        this.counters.trades++;
        if (this.partialsOn) this.schedulePartial(state, nowMs);
      } else {
        this.addTrade(state, trade, nowMs);
      }
    }
    // Partials whose window ended go out after the trade, so one arriving at that instant is in them.
    if (nowMs >= this.nextPartialDue) this.flushPartials(nowMs);
  }

  /** The trade's symbol state: the last one used (runs of one symbol), else a map lookup; undefined (discarded) for a bad symbol. */
  private symbolOf(trade: Trade): SymbolState | undefined {
    const last = this.lastSymbol;
    if (last !== undefined && last.symbol === trade.symbol) return last;
    const state = this.states.get(trade.symbol) ?? this.createSymbol(trade);
    if (state !== undefined) this.lastSymbol = state;
    return state;
  }

  private counted(state: SymbolState, nowMs: number): void {
    this.counters.trades++;
    if (this.partialsOn) this.schedulePartial(state, nowMs);
  }

  /**
   * Every trade SymbolState.addInBase passed on: malformed or unusually
   * written ones, ids at or below the highest seen, times outside the base
   * bucket (the first trade of the next bucket, or a late one).
   */
  private addTrade(state: SymbolState, trade: Trade, nowMs: number): void {
    const parsed = state.parsed;
    if (!tryParseTrade(trade, parsed) && !this.parseOrDiscard(trade, parsed)) return;
    const dedupe = this.dedupe;
    if (dedupe && parsed.firstTradeId <= state.seen.maxId && !this.isNewTrade(state, trade, parsed)) return;
    const time = parsed.time;
    if (time >= state.baseOpen && time < state.baseEnd) {
      if (!state.addParsedToBase(parsed) && !this.addOutsideBase(state, trade, parsed)) return;
    } else if (!this.addBeyondBase(state, trade, parsed)) {
      return;
    }
    if (dedupe) state.seen.record(parsed);
    state.widenScales(parsed);
    this.counted(state, nowMs);
  }

  /** The strict parse, for what tryParseTrade passed on: accepts the rarer forms, or discards the trade with the reason. */
  private parseOrDiscard(trade: Trade, parsed: ParsedTrade): boolean {
    try {
      parseTrade(trade, parsed);
      return true;
    } catch (error) {
      this.discard('invalid', trade, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  /** For a trade whose first id is at or below the highest seen: whether it is new, else discarded as a duplicate or overlap. */
  private isNewTrade(state: SymbolState, trade: Trade, parsed: ParsedTrade): boolean {
    const check = state.seen.check(parsed.firstTradeId, parsed.lastTradeId);
    if (check === 'new') return true;
    this.discard(check, trade, `trade ids ${parsed.firstTradeId}..${parsed.lastTradeId} of ${trade.symbol} ${check === 'duplicate' ? 'were counted before' : 'partly overlap trades counted before'}`);
    return false;
  }

  /** A trade past the base bucket (usually the first of the next one) or before it (late). False when no interval took it. */
  private addBeyondBase(state: SymbolState, trade: Trade, parsed: ParsedTrade): boolean {
    const inNewBase = parsed.time >= state.baseEnd && state.startBase(parsed.time) && state.addParsedToBase(parsed);
    if (!inNewBase && !this.addOutsideBase(state, trade, parsed)) return false;
    // The symbol's deadline moved (a new base bucket, or a candle opened outside it).
    if (state.deadline < this.nextDeadline) this.nextDeadline = state.deadline;
    return true;
  }

  /**
   * Moves the clock: closes every candle whose closeTime + grace < nowMs
   * (emitting finals, and flat candles for empty intervals) and emits
   * partials whose throttle window has ended.
   */
  advance(nowMs: number): void {
    if (nowMs > this.nextDeadline) this.closeDue(nowMs);
    if (nowMs >= this.nextPartialDue) this.flushPartials(nowMs);
  }

  /**
   * The earliest clock at which advance() may emit something (a final, a
   * flat candle or a held-back partial); Infinity when nothing is waiting.
   * Never later than the true time, at most earlier: after trades moved a
   * symbol's deadline on, advance() at this clock may find nothing due yet.
   * Lets a caller that must pay for moving the clock (an idle partition
   * writes a mark to Kafka) do so only when it changes something.
   */
  nextDueMs(): number {
    // Candles close once the clock is past their deadline; partials once it reaches their due time.
    return Math.min(Math.floor(this.nextDeadline) + 1, this.nextPartialDue);
  }

  /** End of input: closes every open candle, emitting its final. Pending partials are dropped (the finals supersede them). */
  finish(): void {
    for (const state of this.pending) state.pending = false;
    this.pending = [];
    this.nextPartialDue = Infinity;
    let next = Infinity;
    for (const state of this.symbolList) {
      state.closeAll();
      state.dirty = false;
      for (const slot of state.slots) slot.dirty = false;
      if (state.deadline < next) next = state.deadline;
    }
    this.nextDeadline = next;
  }

  /** Every symbol the engine has state for, in creation order. */
  symbols(): string[] {
    return this.symbolList.map((state) => state.symbol);
  }

  /**
   * One symbol's complete state as plain JSON data (snapshot.ts), or
   * undefined for a symbol the engine never saw. Reads only: the engine
   * goes on unchanged.
   */
  snapshotSymbol(symbol: string): SymbolSnapshot | undefined {
    const state = this.states.get(symbol);
    return state === undefined ? undefined : state.toSnapshot(this.symbolList.indexOf(state));
  }

  /** The engine-wide state that is not a symbol's: the partials waiting for their throttle window, in order. */
  snapshotMeta(): EngineMetaSnapshot {
    return { version: SNAPSHOT_VERSION, pending: this.pending.map((state) => state.symbol) };
  }

  /**
   * Loads snapshots of symbols this engine has no state for (after those it
   * has, in their `order`), and the engine-wide meta (undefined: no partial
   * waiting). With every symbol and the meta of an engine, this engine then
   * emits exactly what that one would have. The engine's options must be
   * those of the snapshots' engine, except grace and throttle, which may
   * change. Takes untrusted data (parsed JSON): throws a
   * CandleError('invalid-snapshot') for another version, a malformed
   * snapshot or one that does not fit this engine's intervals, time zone or
   * revision window, and then changes nothing.
   */
  restore(snapshots: readonly SymbolSnapshot[], meta?: EngineMetaSnapshot): void {
    const checked = snapshots.map((snapshot) => checkSymbolSnapshot(snapshot)).sort((a, b) => a.order - b.order);
    const pendingSymbols = meta === undefined ? [] : checkEngineMetaSnapshot(meta).pending;
    const restored = new Map<string, SymbolState>();
    for (const snapshot of checked) {
      if (this.states.has(snapshot.symbol) || restored.has(snapshot.symbol)) invalidSnapshot(`cannot restore ${JSON.stringify(snapshot.symbol)}: the engine has it already`);
      const state = new SymbolState(snapshot.symbol, this.options, this.buckets, this.sink);
      state.restore(snapshot);
      restored.set(snapshot.symbol, state);
    }
    const pending = pendingSymbols.map((symbol) => {
      const state = restored.get(symbol) ?? this.states.get(symbol);
      if (state === undefined) invalidSnapshot(`engine meta snapshot: pending symbol ${JSON.stringify(symbol)} has no state`);
      return state;
    });
    for (const state of restored.values()) this.register(state);
    for (const state of pending) {
      if (state.pending) continue;
      state.pending = true;
      this.pending.push(state);
    }
    for (const state of this.pending) if (state.nextPartialAt < this.nextPartialDue) this.nextPartialDue = state.nextPartialAt;
    for (const state of this.symbolList) if (state.deadline < this.nextDeadline) this.nextDeadline = state.deadline;
  }

  private closeDue(nowMs: number): void {
    let next = Infinity;
    for (const state of this.symbolList) {
      if (state.deadline < nowMs) state.closeUntil(nowMs);
      if (state.deadline < next) next = state.deadline;
    }
    this.nextDeadline = next;
  }

  /** A trade outside the current base bucket: applied to each interval on its own. False when no interval took it. */
  private addOutsideBase(state: SymbolState, trade: Trade, parsed: ParsedTrade): boolean {
    const single = this.single;
    single.reset(parsed.time, parsed.time);
    single.addTrade(parsed);
    let taken = false;
    for (let i = 0; i < state.slots.length; i++) {
      const slot = state.slots[i] as IntervalSlot;
      const result = slot.absorb(single, parsed.time);
      if (result === 'too-late') {
        const interval = slot.clock.interval;
        this.discard('too-late', trade, `trade at ${parsed.time} of ${trade.symbol} is too late for its ${interval} candle`, interval);
      } else {
        taken = true;
        if (result === 'open') slot.dirty = true;
      }
    }
    if (taken) state.refreshDeadline();
    return taken;
  }

  private schedulePartial(state: SymbolState, nowMs: number): void {
    if (nowMs >= state.nextPartialAt) {
      this.emitPartials(state, nowMs);
    } else if (!state.pending) {
      state.pending = true;
      this.pending.push(state);
      if (state.nextPartialAt < this.nextPartialDue) this.nextPartialDue = state.nextPartialAt;
    }
  }

  private flushPartials(nowMs: number): void {
    const waiting: SymbolState[] = [];
    let nextDue = Infinity;
    for (const state of this.pending) {
      if (state.nextPartialAt <= nowMs) {
        state.pending = false;
        this.emitPartials(state, nowMs);
      } else {
        waiting.push(state);
        if (state.nextPartialAt < nextDue) nextDue = state.nextPartialAt;
      }
    }
    this.pending = waiting;
    this.nextPartialDue = nextDue;
  }

  /**
   * Emits the newest open candle of every interval that changed. The base
   * bucket is folded into the interval candles first (a handful of exact
   * merges), so each partial is formatted straight from live state.
   */
  private emitPartials(state: SymbolState, nowMs: number): void {
    let emitted = false;
    let previous: Candle | undefined;
    let previousView: CandleAccumulator | undefined;
    state.flushBase();
    for (let i = 0; i < state.slots.length; i++) {
      const slot = state.slots[i] as IntervalSlot;
      if (!state.dirty && !slot.dirty) continue;
      slot.dirty = false;
      const view = slot.newestOpen();
      if (view === undefined) continue;
      // A longer interval's candle holds every trade of the shorter one it contains; with the same
      // trades (e.g. in the first minute of an hour) it has the same values, already formatted.
      const candle =
        previous !== undefined && previousView !== undefined && sameTrades(view, previousView)
          ? relabel(previous, slot.labels.interval, view.openTime, view.closeTime)
          : toCandle(view, slot.labels, slot.scales, false, 0);
      this.options.onCandle(candle);
      this.counters.partials++;
      emitted = true;
      previous = candle;
      previousView = view;
    }
    state.dirty = false;
    if (emitted) state.nextPartialAt = nowMs + this.options.partialThrottleMs;
  }

  private emitFinal(slot: IntervalSlot, candle: CandleAccumulator): void {
    candle.revision++;
    this.options.onCandle(toCandle(candle, slot.labels, slot.scales, true, candle.revision));
    this.counters.countFinal(candle);
  }

  private createSymbol(trade: Trade): SymbolState | undefined {
    if (typeof trade.symbol !== 'string' || trade.symbol.length === 0) {
      this.discard('invalid', trade, `trade symbol ${JSON.stringify(trade.symbol)} is not a non-empty string`);
      return undefined;
    }
    return this.register(new SymbolState(trade.symbol, this.options, this.buckets, this.sink));
  }

  private register(state: SymbolState): SymbolState {
    this.states.set(state.symbol, state);
    this.symbolList.push(state);
    return state;
  }

  private discard(reason: DiscardReason, trade: Trade, message: string, interval?: IntervalName): void {
    this.counters.countDiscard(reason);
    this.options.onDiscard?.(interval === undefined ? { reason, trade, message } : { reason, trade, interval, message });
  }
}

function invalidSnapshot(message: string): never {
  throw new CandleError('invalid-snapshot', message);
}

/** Whether `longer`, an open candle of a longer interval, holds exactly the trades of `shorter`. */
function sameTrades(longer: CandleAccumulator, shorter: CandleAccumulator): boolean {
  return (
    longer.tradeCount === shorter.tradeCount &&
    longer.firstTradeId === shorter.firstTradeId &&
    longer.lastTradeId === shorter.lastTradeId &&
    longer.openTime <= shorter.openTime &&
    longer.closeTime >= shorter.closeTime
  );
}
