// What the preprocessor needs of a candle engine: the engine's own trades
// and clock API plus an exact snapshot and restore per symbol, so the
// partial bars can live in Redis. common/candles' CandleEngine implements it.
import type { CandleEngineOptions } from '../../../common/candles/engine.js';
import type { Trade } from '../../../common/candles/trade.js';
import type { EngineMetaSnapshot, SymbolSnapshot } from './symbol-snapshot.js';

export interface SnapshotEngine {
  add(trade: Trade, nowMs: number): void;
  advance(nowMs: number): void;
  /** The earliest clock at which advance() may emit something; Infinity when nothing is waiting. */
  nextDueMs(): number;
  /** Every symbol the engine has seen, in creation order. */
  symbols(): readonly string[];
  /** The symbol's complete state, or undefined for a symbol the engine never saw. Reads only. */
  snapshotSymbol(symbol: string): SymbolSnapshot | undefined;
  snapshotMeta(): EngineMetaSnapshot;
  /**
   * Loads symbols (and the engine-wide meta) into an engine that has none of
   * them yet. Throws a CandleError with code 'invalid-snapshot' (and changes
   * nothing) for another version, a malformed snapshot, or one written under
   * other intervals, time zone or revision window.
   */
  restore(symbols: readonly SymbolSnapshot[], meta: EngineMetaSnapshot | undefined): void;
}

export type EngineFactory = (options: CandleEngineOptions) => SnapshotEngine;
