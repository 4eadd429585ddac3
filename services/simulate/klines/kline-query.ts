// The candles /api/v3/klines answers with, built on demand from the
// published trades by the same candle engine the streams use. Klines are
// identified by their open time: those opening in [startTime, endTime]
// (rest-api.md, "Kline/Candlestick data"; both always UTC), never before
// the symbol's first published trade nor after the candle open now, which
// is included with its values so far. An interval without trades is a flat
// candle at the previous close, as Binance gives it.
import type { Candle } from '../../../common/candles/candle.js';
import { CandleEngine } from '../../../common/candles/engine.js';
import { intervalClock, type IntervalClock } from '../../../common/candles/interval-clock.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import type { SymbolHistory } from '../market/symbol-history.js';
import { zeroAtScale } from '../recording/decimal-text.js';
import { feedHistory } from './feed-history.js';

export interface KlineQuery {
  readonly interval: IntervalName;
  readonly offsetMinutes: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit: number;
  /** Simulated now: the newest candle is the one open now. */
  readonly now: number;
}

export function queryKlines(history: SymbolHistory, query: KlineQuery): Candle[] {
  const first = history.size === 0 ? undefined : history.timeAt(0);
  if (first === undefined) return [];
  const clock = intervalClock(query.interval, query.offsetMinutes);
  const span = openTimeRange(clock, first, query);
  if (span === undefined) return [];
  const [low, high] = span;
  const candles = new Map<number, Candle>();
  const engine = new CandleEngine({
    exchange: 'binance',
    intervals: [query.interval],
    timezoneOffsetMinutes: query.offsetMinutes,
    graceMs: 0,
    emitPartials: false,
    fillEmptyIntervals: true,
    onCandle: (candle) => {
      if (candle.openTime >= low && candle.openTime <= high) candles.set(candle.openTime, candle);
    },
  });
  const highClose = clock.closeTime(high);
  feedHistory(engine, history, low, highClose);
  // Closes every candle before the one open now (flat ones included), then the open one with its trades so far.
  engine.advance(Math.min(query.now, highClose + 1));
  engine.finish();
  return fillOpenCandle(clock, candles, low, high);
}

/** Open times [low, high] of the klines to return, or undefined when none. */
function openTimeRange(clock: IntervalClock, firstTradeTime: number, query: KlineQuery): [number, number] | undefined {
  const firstOpen = clock.openTime(firstTradeTime);
  const currentOpen = clock.openTime(query.now);
  let high = query.endTime === undefined ? currentOpen : Math.min(currentOpen, clock.openTime(query.endTime));
  let low: number;
  if (query.startTime !== undefined) {
    const startOpen = clock.openTime(query.startTime);
    low = Math.max(firstOpen, startOpen < query.startTime ? clock.nextOpenTime(startOpen) : startOpen);
    high = Math.min(high, clock.openTimeOfIndex(clock.index(low) + query.limit - 1));
  } else {
    low = Math.max(firstOpen, clock.openTimeOfIndex(clock.index(high) - query.limit + 1));
  }
  return low <= high ? [low, high] : undefined;
}

/** The candle open now has no trade yet: Binance shows it flat at the previous close. */
function fillOpenCandle(clock: IntervalClock, candles: Map<number, Candle>, low: number, high: number): Candle[] {
  const result = [...candles.values()].sort((a, b) => a.openTime - b.openTime);
  const last = result[result.length - 1];
  if (last === undefined || last.openTime >= high) return result;
  for (let open = clock.nextOpenTime(last.openTime); open <= high; open = clock.nextOpenTime(open)) {
    if (open >= low) result.push(flatAfter(last, open, clock.closeTime(open)));
  }
  return result;
}

function flatAfter(previous: Candle, openTime: number, closeTime: number): Candle {
  const zero = (like: string) => zeroAtScale(like.includes('.') ? like.length - like.indexOf('.') - 1 : 0);
  return {
    ...previous,
    openTime,
    closeTime,
    open: previous.close,
    high: previous.close,
    low: previous.close,
    volume: zero(previous.volume),
    quoteVolume: zero(previous.quoteVolume),
    takerBuyVolume: zero(previous.takerBuyVolume),
    takerBuyQuoteVolume: zero(previous.takerBuyQuoteVolume),
    tradeCount: 0,
    firstTradeId: -1,
    lastTradeId: -1,
    closed: false,
    revision: 0,
  };
}
