// Ids and times of each pass over the recording. Pass k adds k x (id span)
// to every id of a symbol and k x (time span) to every time, so with --loop
// the aggregate ids stay contiguous and times keep increasing, as on a
// real exchange that never restarts its counters. A base shift moves the
// whole timeline (the wall clock mode), and can move it further forward
// while the replay is not running (see wall-anchor.ts).
import type { RecordedTrade } from '../../../common/recordings/recorded-trade.js';
import type { SimTrade } from '../market/sim-trade.js';
import type { RecordingSummary, TradeKind } from '../recording/summary.js';

interface SymbolSpan {
  readonly kind: TradeKind;
  readonly aggregateIds: number;
  readonly tradeIds: number;
}

export class LoopShift {
  /** One pass lasts from the first trade to the last trade or event, plus 1 ms so passes never share a millisecond. */
  readonly timeSpanMs: number;
  private readonly spans = new Map<string, SymbolSpan>();
  private base: number;

  constructor(
    summary: RecordingSummary,
    /** Added to every time of every pass (0 replays the recording's own times). */
    baseShiftMs: number,
  ) {
    this.base = baseShiftMs;
    this.timeSpanMs = summary.lastTime - summary.firstTime + 1;
    for (const symbol of summary.symbols) {
      this.spans.set(symbol.symbol, {
        kind: symbol.kind,
        aggregateIds: symbol.lastAggregateId - symbol.firstAggregateId + 1,
        tradeIds: symbol.lastTradeId - symbol.firstTradeId + 1,
      });
    }
  }

  /** Added to every time of every pass. */
  get baseShiftMs(): number {
    return this.base;
  }

  /** Moves the timeline of every trade not yet shifted `ms` later (never earlier: times must not go back). */
  advance(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`a timeline moves forward by whole ms, not ${ms}`);
    this.base += ms;
  }

  timeShift(pass: number): number {
    return this.base + pass * this.timeSpanMs;
  }

  /** The trade as published in `pass`. */
  trade(recorded: RecordedTrade, pass: number): SimTrade {
    const span = this.spans.get(recorded.symbol);
    if (span === undefined) throw new Error(`symbol ${recorded.symbol} was not in the scanned recording`);
    const timeShift = this.timeShift(pass);
    const idShift = pass * span.aggregateIds;
    const tradeIdShift = pass * span.tradeIds;
    return {
      symbol: recorded.symbol,
      kind: span.kind,
      aggregateId: recorded.aggregateId + idShift,
      firstTradeId: recorded.firstTradeId + tradeIdShift,
      lastTradeId: recorded.lastTradeId + tradeIdShift,
      price: recorded.price,
      quantity: recorded.quantity,
      time: recorded.time + timeShift,
      buyerIsMaker: recorded.buyerIsMaker,
    };
  }

  /** When the trade is due in `pass`: the recorded event time when the recording has one, else the trade time. */
  dueTime(recorded: RecordedTrade, pass: number): number {
    return (recorded.eventTime ?? recorded.time) + this.timeShift(pass);
  }
}
