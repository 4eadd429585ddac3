// Builds larger candles exactly from smaller closed ones (backfill and
// queries): 1h from 1m, 1w or 1M from 1d, at any time-zone offset, with the
// same result as building them from the trades.
//
// Why it is exact: a target candle's trades are exactly those of the
// source candles it covers, so volumes and counts add up, high and low are
// the extremes of the sources that had trades, and open and close come from
// the sources holding the lowest and highest trade id. Flat sources (no
// trade) only carry the previous close: they count for nothing unless the
// whole target is flat. Sums use the exact Decimal type. Prices and volumes
// keep the largest scale their sources were written with, and quote volumes
// follow the engine's rule from those two (candle-format.ts).
import { Decimal, FIXED_FRACTION_DIGITS } from '../decimal/index.js';
import type { Candle } from './candle.js';
import { CandleError } from './errors.js';
import { intervalClock, type IntervalClock } from './interval-clock.js';
import { canRollUp, type IntervalName } from './intervals.js';

export interface RollupOptions {
  readonly target: IntervalName;
  /** Must be the offset the source candles were built at. Default 0. */
  readonly timezoneOffsetMinutes?: number;
  /** Emit a flat candle for a target interval no source covers. Default true. */
  readonly fillEmptyIntervals?: boolean;
  readonly onCandle: (candle: Candle) => void;
}

interface SeriesState {
  /** Open time of the target candle being built. */
  openTime: number;
  /** Its source candles by open time (a revision replaces the earlier copy). */
  readonly sources: Map<number, Candle>;
  /** The last emitted target, for flat fills. */
  last: Candle | undefined;
}

export class CandleRollup {
  private readonly clock: IntervalClock;
  private readonly offset: number;
  private readonly fill: boolean;
  private readonly sourceClocks = new Map<IntervalName, IntervalClock>();
  private readonly series = new Map<string, SeriesState>();

  constructor(private readonly options: RollupOptions) {
    this.offset = options.timezoneOffsetMinutes ?? 0;
    this.clock = intervalClock(options.target, this.offset);
    this.fill = options.fillEmptyIntervals ?? true;
  }

  /**
   * Adds a closed source candle. Per exchange and symbol, candles must come
   * in open-time order; the same open time again (a revision) replaces the
   * earlier copy while its target is still being built.
   */
  add(candle: Candle): void {
    this.check(candle);
    const key = `${candle.exchange}\u0000${candle.symbol}`;
    const openTime = this.clock.openTime(candle.openTime);
    let state = this.series.get(key);
    if (state === undefined) {
      state = { openTime, sources: new Map(), last: undefined };
      this.series.set(key, state);
    } else if (openTime < state.openTime) {
      throw new CandleError('invalid-rollup', `${candle.symbol} ${candle.interval} candle at ${candle.openTime} arrived after the ${this.options.target} candle it belongs to was emitted`);
    } else if (openTime > state.openTime) {
      this.emit(state);
      this.fillUntil(state, openTime);
      state.openTime = openTime;
    }
    state.sources.set(candle.openTime, candle);
  }

  /** End of input: emits every target candle still being built. */
  finish(): void {
    for (const state of this.series.values()) {
      if (state.sources.size > 0) this.emit(state);
    }
  }

  private check(candle: Candle): void {
    if (!candle.closed) throw new CandleError('invalid-rollup', `only closed candles roll up; got a partial ${candle.interval} candle of ${candle.symbol}`);
    if (!canRollUp(candle.interval, this.options.target)) {
      throw new CandleError('invalid-rollup', `${this.options.target} candles cannot be built from ${candle.interval} candles: their boundaries do not line up`);
    }
    let clock = this.sourceClocks.get(candle.interval);
    if (clock === undefined) {
      clock = intervalClock(candle.interval, this.offset);
      this.sourceClocks.set(candle.interval, clock);
    }
    if (clock.openTime(candle.openTime) !== candle.openTime) {
      throw new CandleError('invalid-rollup', `${candle.interval} candle at ${candle.openTime} is not aligned to offset ${this.offset} minutes`);
    }
  }

  private emit(state: SeriesState): void {
    const sources = [...state.sources.values()].sort((a, b) => a.openTime - b.openTime);
    const candle = combine(sources, this.options.target, state.openTime, this.clock.closeTime(state.openTime));
    state.sources.clear();
    state.last = candle;
    this.options.onCandle(candle);
  }

  /** Flat targets for intervals no source covered, between the last emitted one and `openTime`. */
  private fillUntil(state: SeriesState, openTime: number): void {
    if (!this.fill || state.last === undefined) return;
    for (let next = this.clock.nextOpenTime(state.last.openTime); next < openTime; next = this.clock.nextOpenTime(next)) {
      const previous = state.last;
      state.last = flatAfter(previous, next, this.clock.closeTime(next));
      this.options.onCandle(state.last);
    }
  }
}

/** Rolls a list of closed candles (any symbols, open-time order per symbol) up to `target`. */
export function rollUp(candles: readonly Candle[], target: IntervalName, options: Omit<RollupOptions, 'target' | 'onCandle'> = {}): Candle[] {
  const out: Candle[] = [];
  const rollup = new CandleRollup({ ...options, target, onCandle: (candle) => out.push(candle) });
  for (const candle of candles) rollup.add(candle);
  rollup.finish();
  return out;
}

function combine(sources: readonly Candle[], interval: IntervalName, openTime: number, closeTime: number): Candle {
  const first = sources[0] as Candle;
  const traded = sources.filter((candle) => candle.tradeCount > 0);
  const priceScale = maxScale(sources.flatMap((c) => [c.open, c.high, c.low, c.close]));
  const volumeScale = maxScale(sources.flatMap((c) => [c.volume, c.takerBuyVolume]));
  const quoteScale = nominalQuoteScale(priceScale, volumeScale);
  const sum = (field: 'volume' | 'quoteVolume' | 'takerBuyVolume' | 'takerBuyQuoteVolume', scale: number): string =>
    sources.reduce((total, candle) => total.add(Decimal.parse(candle[field])), Decimal.ZERO).format(scale);
  const price = (text: string): string => Decimal.parse(text).format(priceScale);
  const base = { exchange: first.exchange, symbol: first.symbol, interval, openTime, closeTime, closed: true, revision: 0 };
  if (traded.length === 0) {
    const flat = price((sources[sources.length - 1] as Candle).close);
    return { ...base, open: flat, high: flat, low: flat, close: flat, ...zeroVolumes(volumeScale, quoteScale), tradeCount: 0, firstTradeId: -1, lastTradeId: -1 };
  }
  // As in the engine: a shared trade id (de-duplication off) opens at the lower price and closes at the higher.
  const opening = traded.reduce((a, b) =>
    (b.firstTradeId < a.firstTradeId || (b.firstTradeId === a.firstTradeId && Decimal.parse(b.open).lt(Decimal.parse(a.open))) ? b : a));
  const closing = traded.reduce((a, b) =>
    (b.lastTradeId > a.lastTradeId || (b.lastTradeId === a.lastTradeId && Decimal.parse(b.close).gt(Decimal.parse(a.close))) ? b : a));
  return {
    ...base,
    open: price(opening.open),
    high: traded.map((c) => Decimal.parse(c.high)).reduce((a, b) => Decimal.max(a, b)).format(priceScale),
    low: traded.map((c) => Decimal.parse(c.low)).reduce((a, b) => Decimal.min(a, b)).format(priceScale),
    close: price(closing.close),
    volume: sum('volume', volumeScale),
    quoteVolume: sum('quoteVolume', quoteScale),
    takerBuyVolume: sum('takerBuyVolume', volumeScale),
    takerBuyQuoteVolume: sum('takerBuyQuoteVolume', quoteScale),
    tradeCount: traded.reduce((total, c) => total + c.tradeCount, 0),
    firstTradeId: opening.firstTradeId,
    lastTradeId: closing.lastTradeId,
  };
}

function flatAfter(previous: Candle, openTime: number, closeTime: number): Candle {
  const volumeScale = Decimal.parse(previous.volume).scale;
  const quoteScale = nominalQuoteScale(maxScale([previous.open, previous.close]), volumeScale);
  return {
    ...previous,
    openTime, closeTime,
    open: previous.close, high: previous.close, low: previous.close,
    ...zeroVolumes(volumeScale, quoteScale),
    tradeCount: 0, firstTradeId: -1, lastTradeId: -1, revision: 0,
  };
}

function zeroVolumes(volumeScale: number, quoteScale: number): Pick<Candle, 'volume' | 'quoteVolume' | 'takerBuyVolume' | 'takerBuyQuoteVolume'> {
  const volume = Decimal.ZERO.format(volumeScale);
  const quote = Decimal.ZERO.format(quoteScale);
  return { volume, quoteVolume: quote, takerBuyVolume: volume, takerBuyQuoteVolume: quote };
}

/**
 * The engine's rule (candle-format.ts): min(price + quantity scale, 8), or
 * the minimum scale when that was set above 8. Digits past it appear only
 * when a value needs them, so they cannot be read back from the sources.
 */
function nominalQuoteScale(priceScale: number, volumeScale: number): number {
  const lower = Math.min(priceScale, volumeScale);
  return lower > FIXED_FRACTION_DIGITS ? lower : Math.min(priceScale + volumeScale, FIXED_FRACTION_DIGITS);
}

function maxScale(texts: readonly string[]): number {
  return texts.reduce((scale, text) => Math.max(scale, Decimal.parse(text).scale), 0);
}
