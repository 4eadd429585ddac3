// What `wick candles` does with rows it cannot count: with --skip-bad it
// skips and counts them, otherwise the first one stops the run with its
// file, line and reason. Besides the reader's malformed rows these are rows
// too far out of time order and trades the engine refuses.
import type { DiscardedTrade } from '../../common/candles/engine.js';
import { RecordingError } from '../../common/recordings/errors.js';
import type { RecordedTrade } from '../../common/recordings/recorded-trade.js';

// Rows of a file may be slightly out of time order. Offline, holding candles
// open a minute past their end costs nothing and absorbs that; a row older
// than this is refused, since its candle has already been written.
export const OFFLINE_GRACE_MS = 60_000;

export class BadRows {
  firstError: RecordingError | undefined;
  /** Rows the reader accepted but the pipeline refused. */
  refused = 0;

  constructor(readonly skip: boolean) {}

  /** A row the reader skipped (it counts those itself). */
  skipped(error: RecordingError): void {
    this.firstError ??= error;
  }

  /** Skips a refused row in skip-bad mode; throws its error otherwise. */
  refuse(error: RecordingError): void {
    if (!this.skip) throw error;
    this.refused++;
    this.firstError ??= error;
  }
}

/** Keeps the watermark (latest trade time) and refuses rows older than it by more than the grace period. */
export class TimeOrder {
  watermark = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly file: string,
    private readonly badRows: BadRows,
  ) {}

  accepts(trade: RecordedTrade): boolean {
    if (trade.time > this.watermark) this.watermark = trade.time;
    if (trade.time + OFFLINE_GRACE_MS >= this.watermark) return true;
    this.badRows.refuse(
      new RecordingError(
        'malformed-row',
        this.file,
        trade.line,
        `trade time ${trade.time} is ${this.watermark - trade.time} ms before an earlier row's; ` +
          `rows must be in time order (within ${OFFLINE_GRACE_MS} ms)`,
      ),
    );
    return false;
  }
}

/**
 * The engine's verdicts on trades it did not count. A repeated trade id is
 * counted once, as Binance does; a partly overlapping id range cannot be
 * counted exactly and an invalid trade is malformed, so both are bad rows.
 * (Too-late trades cannot occur: TimeOrder refuses them first.)
 */
export class EngineDiscards {
  duplicates = 0;

  constructor(
    private readonly file: string,
    private readonly badRows: BadRows,
  ) {}

  take(discard: DiscardedTrade): void {
    if (discard.reason === 'duplicate') {
      this.duplicates++;
      return;
    }
    const line = (discard.trade as RecordedTrade).line;
    this.badRows.refuse(new RecordingError('malformed-row', this.file, line, discard.message));
  }
}
