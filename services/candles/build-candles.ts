// The `wick candles` pipeline: recording -> candle engine -> klines CSV.
// Trades flow a chunk at a time and the next chunk is read only once the
// output has drained, so memory stays flat for an input of any size.
import type { Candle } from '../../common/candles/candle.js';
import { CandleEngine } from '../../common/candles/engine.js';
import type { IntervalName } from '../../common/candles/intervals.js';
import type { RecordingError } from '../../common/recordings/errors.js';
import type { RecordingFormat } from '../../common/recordings/recorded-trade.js';
import { detectFormat, listSymbols, openRecording } from '../../common/recordings/reader.js';
import { formatKlineRow } from './kline-csv.js';
import type { LineWriter } from './line-writer.js';
import { BadRows, EngineDiscards, OFFLINE_GRACE_MS, TimeOrder } from './row-policy.js';

export interface CandlesJob {
  readonly input: string;
  readonly interval: IntervalName;
  readonly timezoneOffsetMinutes: number;
  readonly symbol?: string;
  readonly format?: RecordingFormat;
  readonly skipBad: boolean;
}

export interface CandlesSummary {
  /** The symbol built: --symbol, or a JSONL recording's only one; undefined for a CSV without --symbol. */
  readonly symbol: string | undefined;
  /** Trades counted into candles. */
  readonly trades: number;
  readonly candles: number;
  /** Malformed or refused rows skipped in skip-bad mode. */
  readonly skipped: number;
  /** Rows whose trade ids were all counted before: counted once, as Binance does. */
  readonly duplicates: number;
  /** The first row skipped, to show the user what was wrong. */
  readonly firstSkipped: RecordingError | undefined;
}

/** The job cannot run as asked (e.g. several symbols and no --symbol): a usage error. */
export class CandlesUsageError extends Error {
  override readonly name = 'CandlesUsageError';
}

export async function buildCandles(job: CandlesJob, out: LineWriter): Promise<CandlesSummary> {
  const format = await detectFormat(job.input, job.format);
  const symbol = job.symbol ?? (format === 'ws-jsonl' ? await onlySymbolOf(job) : undefined);
  const badRows = new BadRows(job.skipBad);
  const discards = new EngineDiscards(job.input, badRows);
  const recording = openRecording(job.input, {
    format,
    symbol,
    onlySymbol: format === 'ws-jsonl' ? symbol : undefined,
    skipBad: job.skipBad,
    onSkip: (error) => badRows.skipped(error),
  });
  let candles = 0;
  const engine = offlineEngine(job, discards, (candle) => {
    out.push(formatKlineRow(candle));
    candles++;
  });
  const order = new TimeOrder(job.input, badRows);
  for await (const trades of recording.batches()) {
    for (const trade of trades) {
      if (order.accepts(trade)) engine.add(trade, order.watermark);
    }
    engine.advance(order.watermark);
    await out.drain();
    if (out.error !== undefined) break;
  }
  if (out.error === undefined) engine.finish();
  await out.flush();
  return {
    symbol,
    trades: recording.stats.trades - badRows.refused - discards.duplicates,
    candles,
    skipped: recording.stats.skipped + badRows.refused,
    duplicates: discards.duplicates,
    firstSkipped: badRows.firstError,
  };
}

/** Finals only, every interval filled, and a grace period that absorbs rows slightly out of order. */
function offlineEngine(job: CandlesJob, discards: EngineDiscards, write: (candle: Candle) => void): CandleEngine {
  return new CandleEngine({
    exchange: 'binance',
    intervals: [job.interval],
    timezoneOffsetMinutes: job.timezoneOffsetMinutes,
    graceMs: OFFLINE_GRACE_MS,
    emitPartials: false,
    fillEmptyIntervals: true,
    onCandle: (candle) => {
      assertFirstFinal(candle);
      write(candle);
    },
    onDiscard: (discard) => discards.take(discard),
  });
}

/** The one symbol of a JSONL recording; several is a usage error naming them. */
async function onlySymbolOf(job: CandlesJob): Promise<string | undefined> {
  const symbols = await listSymbols(job.input, { format: 'ws-jsonl', skipBad: job.skipBad });
  if (symbols.length > 1) {
    throw new CandlesUsageError(`${job.input} holds ${symbols.length} symbols (${[...symbols].sort().join(', ')}); choose one with --symbol`);
  }
  return symbols[0];
}

// With partials off and no row accepted behind the grace period, the engine
// emits exactly one final per candle; anything else would write a wrong or
// duplicate row, so it is a bug to stop on, not to print.
function assertFirstFinal(candle: Candle): void {
  if (!candle.closed || candle.revision !== 0) {
    throw new Error(`candle engine emitted ${candle.closed ? `revision ${candle.revision}` : 'a partial'} of ${candle.openTime} offline`);
  }
}
