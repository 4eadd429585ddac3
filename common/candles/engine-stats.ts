// Counters the engine keeps so a caller can export them as metrics and see
// every trade that was not counted (nothing is dropped silently).
import type { CandleAccumulator } from './accumulator.js';
import type { DiscardReason } from './engine-options.js';

export interface CandleEngineStats {
  /** Trades counted in at least one interval. */
  readonly trades: number;
  readonly duplicates: number;
  readonly overlaps: number;
  /** Late trades refused, counted once per interval that refused them. */
  readonly tooLate: number;
  readonly invalid: number;
  readonly partials: number;
  /** Finals of every revision, flat ones included. */
  readonly finals: number;
  readonly flatFinals: number;
  /** Finals re-issued with revision > 0. */
  readonly revisions: number;
}

export class EngineCounters {
  trades = 0;
  duplicates = 0;
  overlaps = 0;
  tooLate = 0;
  invalid = 0;
  partials = 0;
  finals = 0;
  flatFinals = 0;
  revisions = 0;

  countDiscard(reason: DiscardReason): void {
    if (reason === 'duplicate') this.duplicates++;
    else if (reason === 'overlap') this.overlaps++;
    else if (reason === 'too-late') this.tooLate++;
    else this.invalid++;
  }

  countFinal(candle: CandleAccumulator): void {
    this.finals++;
    if (candle.tradeCount === 0) this.flatFinals++;
    if (candle.revision > 0) this.revisions++;
  }

  snapshot(): CandleEngineStats {
    return {
      trades: this.trades,
      duplicates: this.duplicates,
      overlaps: this.overlaps,
      tooLate: this.tooLate,
      invalid: this.invalid,
      partials: this.partials,
      finals: this.finals,
      flatFinals: this.flatFinals,
      revisions: this.revisions,
    };
  }
}
