// The engine's snapshot format: one symbol's complete state (and a little
// engine-wide state) as plain JSON, so a service can checkpoint the engine
// and restore it after a restart with output identical to an engine that
// never stopped (snapshot.property.test.ts).
//
// Exact and independent of the engine's internal representation: decimals
// travel as decimal strings with every digit (prices as the exchange wrote
// them, sums in full), ids and times as integers below 2^53. A snapshot can
// also be built from stored candles (the preprocessor's rebuild does), which
// is why it describes candles and trade-id ranges rather than limbs.
//
// Versioned: a reader accepts only SNAPSHOT_VERSION and refuses anything
// else with a CandleError('invalid-snapshot'). Change the version whenever
// the meaning of a field changes.
import type { IntervalName } from './intervals.js';

export const SNAPSHOT_VERSION = 1;

/** One candle being built or kept for revisions. */
export interface CandleSnapshot {
  readonly openTime: number;
  readonly closeTime: number;
  /** Raw trades counted; 0 for a flat candle. */
  readonly tradeCount: number;
  /** -1 when the candle has no trade. */
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Prices as the exchange wrote them; '' only in a candle without trades that is not flat (an empty base bucket). */
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  /** Exact sums, canonical decimals with at most 16 fraction digits. */
  readonly volume: string;
  readonly quoteVolume: string;
  readonly takerBuyVolume: string;
  readonly takerBuyQuoteVolume: string;
  /** Revision of the last final emitted; -1 while none was (every open candle). */
  readonly revision: number;
}

export interface SlotSnapshot {
  readonly interval: IntervalName;
  /** Open time of the newest closed candle; null before the first close. */
  readonly lastClosedOpen: number | null;
  /** A trade reached the newest open candle outside the base bucket since the last partial. */
  readonly dirty: boolean;
  /** Open candles (each with trades), oldest first, all after lastClosedOpen. */
  readonly open: readonly CandleSnapshot[];
  /** Closed candles kept for revisions (flat ones included), oldest first, at most the revision window. */
  readonly retained: readonly CandleSnapshot[];
}

/** Trade ids counted: [first, last, latest trade time] ranges, ascending and disjoint. */
export interface SeenSnapshot {
  /** Highest trade id ever counted (it may lie past the last range, whose ids were pruned); -1 for none. */
  readonly maxId: number;
  readonly ranges: ReadonlyArray<readonly [number, number, number]>;
}

export interface BaseSnapshot {
  /** The base bucket is [open, end). */
  readonly open: number;
  readonly end: number;
  /** Trades of the base bucket not yet folded into the slots' candles. */
  readonly candle: CandleSnapshot;
}

export interface SymbolSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly symbol: string;
  /** Position among the engine's symbols (their creation order), which orders simultaneous finals. */
  readonly order: number;
  /** Fraction digits prices and volumes are written with (the most any trade of the symbol had). */
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly seen: SeenSnapshot;
  /** The current base bucket; null when there is none. */
  readonly base: BaseSnapshot | null;
  /** Open time of the newest base bucket ever started; null when none. */
  readonly lastBaseOpen: number | null;
  /** Clock time before which no partial may be emitted; null for none. */
  readonly nextPartialAt: number | null;
  /** The base bucket changed since the last partial. */
  readonly dirty: boolean;
  /** One per configured interval, in Binance's order. */
  readonly slots: readonly SlotSnapshot[];
}

/** Engine-wide state beyond the symbols: which symbols hold back a partial, in the order they will emit it. */
export interface EngineMetaSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly pending: readonly string[];
}
