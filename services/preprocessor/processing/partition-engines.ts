// The candle state of one trade partition: one engine per exchange (the
// partition's symbols share its watermark), the watermark itself, and which
// symbols changed since the last checkpoint, so a checkpoint writes only
// those. Synchronous and free of I/O: the worker around it does the rest.
import type { Candle } from '../../../common/candles/candle.js';
import type { DiscardedTrade } from '../../../common/candles/engine.js';
import { CandleError } from '../../../common/candles/errors.js';
import { INTERVALS, type IntervalName } from '../../../common/candles/intervals.js';
import type { EngineFactory, SnapshotEngine } from '../engine-port/snapshot-engine.js';
import { SNAPSHOT_VERSION, type EngineMetaSnapshot, type SymbolSnapshot } from '../engine-port/symbol-snapshot.js';
import type { DeadLetter, DecodedTrade } from './trade-decoder.js';

export interface EngineSettings {
  readonly intervals: readonly IntervalName[];
  readonly timezoneOffsetMinutes: number;
  readonly graceMs: number;
  readonly partialThrottleMs: number;
  readonly revisionWindow: number;
}

/** A trade the engine did not count for a reason other than being invalid (duplicate, overlap, too late). */
export interface UncountedTrade {
  readonly exchange: string;
  readonly discard: DiscardedTrade;
}

export interface PartitionSnapshot {
  /** exchange:SYMBOL -> JSON of its SymbolSnapshot. */
  readonly entries: Map<string, string>;
  /** JSON of PartitionMeta. */
  readonly meta: string;
}

/** The partition-level part of a checkpoint. */
interface PartitionMeta {
  readonly version: typeof SNAPSHOT_VERSION;
  /** Settings a snapshot depends on; another value means the snapshot cannot be restored. */
  readonly layout: string;
  readonly watermark: number | null;
  readonly engines: Readonly<Record<string, EngineMetaSnapshot>>;
}

/** Restoring state written under other settings (intervals, time zone, revision window). */
export class IncompatibleStateError extends Error {
  override readonly name = 'IncompatibleStateError';
}

export class PartitionEngines {
  private readonly engines = new Map<string, SnapshotEngine>();
  private readonly dirty = new Map<string, Set<string>>();
  private readonly layout: string;
  /** Candle updates since the last drain; a slot emptied (undefined) held a partial a newer update replaced. */
  private output: Array<Candle | undefined> = [];
  /** Per exchange, symbol and interval: where in `output` the newest partial sits. */
  private partialAt = new Map<string, Map<string, Map<string, number>>>();
  private refused: DeadLetter[] = [];
  private current: DecodedTrade | undefined;
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: EngineSettings,
    private readonly createEngine: EngineFactory,
    private readonly onUncounted: (uncounted: UncountedTrade) => void,
  ) {
    this.layout = layoutOf(settings);
  }

  /** The partition's clock: the newest trade time seen, or later after idle advances; -Infinity before any. */
  get watermarkMs(): number {
    return this.watermark;
  }

  /**
   * Counts trades in partition order, each at the watermark of its arrival,
   * then lets the clock close what is due. Returns the candle updates in
   * emission order and the trades the engine refused as invalid.
   */
  apply(trades: readonly DecodedTrade[]): { candles: Candle[]; refused: DeadLetter[] } {
    let exchange = '';
    let engine: SnapshotEngine | undefined;
    let dirty: Set<string> | undefined;
    let symbol = '';
    for (const decoded of trades) {
      if (decoded.exchange !== exchange || engine === undefined || dirty === undefined) {
        exchange = decoded.exchange;
        engine = this.engineOf(exchange);
        dirty = this.dirtyOf(exchange);
        symbol = '';
      }
      const trade = decoded.trade;
      if (trade.time > this.watermark) this.watermark = trade.time;
      if (trade.symbol !== symbol) {
        symbol = trade.symbol;
        dirty.add(symbol);
      }
      this.current = decoded;
      engine.add(trade, this.watermark);
    }
    this.current = undefined;
    for (const each of this.engines.values()) each.advance(this.watermark);
    return this.drain();
  }

  /** The earliest watermark at which advanceTo() may emit something; Infinity when nothing is waiting. */
  nextDueMs(): number {
    let due = Number.POSITIVE_INFINITY;
    for (const engine of this.engines.values()) due = Math.min(due, engine.nextDueMs());
    return due;
  }

  /** Moves the clock forward without trades (an idle partition); returns what closed. */
  advanceTo(nowMs: number): Candle[] {
    if (nowMs <= this.watermark) return [];
    this.watermark = nowMs;
    for (const engine of this.engines.values()) engine.advance(nowMs);
    return this.drain().candles;
  }

  /** The state to checkpoint: every symbol (full) or those changed since the last snapshot (dirty). */
  snapshot(mode: 'full' | 'dirty'): PartitionSnapshot {
    const entries = new Map<string, string>();
    for (const [exchange, engine] of this.engines) {
      const symbols = mode === 'full' ? engine.symbols() : this.dirtyOf(exchange);
      for (const symbol of symbols) {
        const state = engine.snapshotSymbol(symbol);
        if (state !== undefined) entries.set(`${exchange}:${symbol}`, JSON.stringify(state));
      }
      this.dirtyOf(exchange).clear();
    }
    const engines: Record<string, EngineMetaSnapshot> = {};
    for (const [exchange, engine] of this.engines) engines[exchange] = engine.snapshotMeta();
    const meta: PartitionMeta = { version: SNAPSHOT_VERSION, layout: this.layout, watermark: finiteOrNull(this.watermark), engines };
    return { entries, meta: JSON.stringify(meta) };
  }

  /** Loads a checkpoint into these (fresh) engines. Throws IncompatibleStateError for state of other settings. */
  restore(entries: ReadonlyMap<string, string>, metaText: string): void {
    const meta = parseMeta(metaText);
    if (meta.layout !== this.layout) {
      throw new IncompatibleStateError(`the checkpoint was written for ${meta.layout}, this preprocessor runs ${this.layout}`);
    }
    const byExchange = new Map<string, SymbolSnapshot[]>();
    for (const [key, text] of entries) {
      const colon = key.indexOf(':');
      const snapshot = parseEntry(key, text);
      if (colon < 1 || snapshot.version !== SNAPSHOT_VERSION) throw new IncompatibleStateError(`checkpoint entry ${JSON.stringify(key)} is not a version ${SNAPSHOT_VERSION} symbol state`);
      const exchange = key.slice(0, colon);
      const list = byExchange.get(exchange) ?? [];
      list.push(snapshot);
      byExchange.set(exchange, list);
    }
    try {
      this.load(byExchange, meta.engines, meta.watermark ?? Number.NEGATIVE_INFINITY);
    } catch (error) {
      // Nothing half-restored stays behind: the caller may rebuild into these engines instead.
      this.engines.clear();
      this.dirty.clear();
      this.watermark = Number.NEGATIVE_INFINITY;
      // The engine checks every snapshot it restores; one it refuses is state this preprocessor cannot use.
      if (error instanceof CandleError && error.code === 'invalid-snapshot') throw new IncompatibleStateError(error.message, { cause: error });
      throw error;
    }
  }

  /** Loads states built elsewhere (a rebuild from stored candles); every symbol counts as changed. */
  seed(states: ReadonlyMap<string, readonly SymbolSnapshot[]>, watermark: number): void {
    this.load(states, {}, watermark);
    for (const [exchange, snapshots] of states) for (const state of snapshots) this.dirtyOf(exchange).add(state.symbol);
  }

  private load(byExchange: ReadonlyMap<string, readonly SymbolSnapshot[]>, metas: Readonly<Record<string, EngineMetaSnapshot>>, watermark: number): void {
    for (const [exchange, snapshots] of byExchange) {
      const ordered = [...snapshots].sort((a, b) => a.order - b.order);
      this.engineOf(exchange).restore(ordered, metas[exchange]);
    }
    this.watermark = watermark;
  }

  /**
   * Keeps the updates worth sending. Consumers only ever want a candle's
   * newest state, so a partial that a newer partial of the same candle
   * follows is replaced where it stands, and one its final follows is
   * dropped; finals and revisions are all kept. Order matters only per
   * candle, which this keeps. A catching-up partition thus sends one partial
   * per candle per batch rather than one per throttle window of event time.
   */
  private collect(exchange: string, candle: Candle): void {
    let bySymbol = this.partialAt.get(exchange);
    if (bySymbol === undefined) this.partialAt.set(exchange, (bySymbol = new Map()));
    let byInterval = bySymbol.get(candle.symbol);
    if (byInterval === undefined) bySymbol.set(candle.symbol, (byInterval = new Map()));
    const at = byInterval.get(candle.interval);
    const previous = at === undefined ? undefined : this.output[at];
    const sameCandle = previous !== undefined && previous.openTime === candle.openTime;
    if (!candle.closed) {
      if (sameCandle) {
        this.output[at as number] = candle;
        return;
      }
      byInterval.set(candle.interval, this.output.length);
    } else if (sameCandle) {
      this.output[at as number] = undefined;
      byInterval.delete(candle.interval);
    }
    this.output.push(candle);
  }

  private drain(): { candles: Candle[]; refused: DeadLetter[] } {
    const candles: Candle[] = [];
    for (const candle of this.output) if (candle !== undefined) candles.push(candle);
    const out = { candles, refused: this.refused };
    this.output = [];
    this.partialAt = new Map();
    this.refused = [];
    return out;
  }

  private engineOf(exchange: string): SnapshotEngine {
    let engine = this.engines.get(exchange);
    if (engine === undefined) {
      const dirty = this.dirtyOf(exchange);
      engine = this.createEngine({
        exchange,
        intervals: this.settings.intervals,
        timezoneOffsetMinutes: this.settings.timezoneOffsetMinutes,
        graceMs: this.settings.graceMs,
        partialThrottleMs: this.settings.partialThrottleMs,
        revisionWindow: this.settings.revisionWindow,
        emitPartials: true,
        fillEmptyIntervals: true,
        dedupe: true,
        reviseLateTrades: true,
        onCandle: (candle) => {
          this.collect(exchange, candle);
          // Closing and flat candles change a symbol's state without a trade of it.
          dirty.add(candle.symbol);
        },
        onDiscard: (discard) => this.discarded(exchange, discard),
      });
      this.engines.set(exchange, engine);
    }
    return engine;
  }

  private discarded(exchange: string, discard: DiscardedTrade): void {
    if (discard.reason === 'invalid' && this.current !== undefined) {
      this.refused.push({ reason: 'invalid-trade', detail: discard.message, message: this.current.message });
      return;
    }
    this.onUncounted({ exchange, discard });
  }

  private dirtyOf(exchange: string): Set<string> {
    let dirty = this.dirty.get(exchange);
    if (dirty === undefined) {
      dirty = new Set();
      this.dirty.set(exchange, dirty);
    }
    return dirty;
  }
}

/** The settings a snapshot's shape depends on (grace and throttle may change between runs). */
function layoutOf(settings: EngineSettings): string {
  return `intervals=${INTERVALS.filter((interval) => settings.intervals.includes(interval)).join(',')};tz=${settings.timezoneOffsetMinutes};window=${settings.revisionWindow}`;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function parseEntry(key: string, text: string): SymbolSnapshot {
  try {
    return JSON.parse(text) as SymbolSnapshot;
  } catch (error) {
    throw new IncompatibleStateError(`checkpoint entry ${JSON.stringify(key)} is not JSON`, { cause: error });
  }
}

function parseMeta(text: string): PartitionMeta {
  let meta: Partial<PartitionMeta> | null;
  try {
    meta = JSON.parse(text) as Partial<PartitionMeta> | null;
  } catch (error) {
    throw new IncompatibleStateError(`the checkpoint meta is not JSON: ${text.slice(0, 120)}`, { cause: error });
  }
  if (meta === null || typeof meta !== 'object') throw new IncompatibleStateError(`the checkpoint meta is not an object: ${text.slice(0, 120)}`);
  if (meta.version !== SNAPSHOT_VERSION || typeof meta.layout !== 'string' || typeof meta.engines !== 'object' || meta.engines === null) {
    throw new IncompatibleStateError(`the checkpoint meta is not version ${SNAPSHOT_VERSION}: ${text.slice(0, 120)}`);
  }
  return meta as PartitionMeta;
}
