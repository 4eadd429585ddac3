// Streams a recording file as trades. The format comes from --format or the
// first non-empty line; each line is parsed on its own, so a malformed row is
// reported with its line number and, in skip-bad mode, skipped and counted.
import { AggTradesCsvParser } from './aggtrades-csv.js';
import { detectFromFileName, detectFromLine, symbolFromFileName } from './detect.js';
import { RecordingError, RowError } from './errors.js';
import { LineTooLongError, readLineBatches } from './lines.js';
import type { ReadStats, RecordedTrade, RecordingFormat } from './recorded-trade.js';
import type { RowParser } from './row-parser.js';
import { TradesCsvParser } from './trades-csv.js';
import { WsJsonlParser } from './ws-jsonl.js';

export interface RecordingOptions {
  /** Skips detection. */
  readonly format?: RecordingFormat;
  /** Symbol given to CSV rows, which carry none; defaults to the data.binance.vision file name's, else UNKNOWN. */
  readonly symbol?: string;
  /** WebSocket recordings: keep only this symbol's trades. */
  readonly onlySymbol?: string;
  /** Skip malformed rows (counted in stats.skipped) instead of failing on the first. */
  readonly skipBad?: boolean;
  /** Called for each skipped row in skip-bad mode. */
  readonly onSkip?: (error: RecordingError) => void;
  readonly chunkBytes?: number;
}

export const UNKNOWN_SYMBOL = 'UNKNOWN';

/** One pass over a recording file: its stats and detected format belong to that pass. */
export class Recording implements AsyncIterable<RecordedTrade> {
  readonly stats: ReadStats = { lines: 0, trades: 0, skipped: 0, ignored: 0 };
  private parser: RowParser | undefined;
  private detected: RecordingFormat | undefined;
  private started = false;

  constructor(
    readonly path: string,
    private readonly options: RecordingOptions = {},
  ) {}

  /** The file's format, known once the first non-empty line has been read. */
  get format(): RecordingFormat | undefined {
    return this.detected;
  }

  /** Trades a chunk at a time: far cheaper per trade than one await each. */
  async *batches(): AsyncGenerator<RecordedTrade[]> {
    if (this.started) throw new Error(`${this.path} is already being read; open the recording again for another pass`);
    this.started = true;
    try {
      for await (const batch of readLineBatches(this.path, { chunkBytes: this.options.chunkBytes })) {
        const trades = this.parseBatch(batch.lines, batch.firstLine);
        if (trades.length > 0) yield trades;
      }
    } catch (error) {
      throw toRecordingError(this.path, error);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedTrade> {
    for await (const trades of this.batches()) yield* trades;
  }

  private parseBatch(lines: readonly string[], firstLine: number): RecordedTrade[] {
    const trades: RecordedTrade[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      this.stats.lines++;
      if (isBlank(text)) continue;
      const trade = this.parseLine(text, firstLine + i);
      if (trade === undefined) continue;
      trades.push(trade);
      this.stats.trades++;
    }
    return trades;
  }

  private parseLine(text: string, line: number): RecordedTrade | undefined {
    try {
      const trade = (this.parser ??= this.createParser(text)).parse(text, line);
      if (trade === undefined) this.stats.ignored++;
      return trade;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      const bad = new RecordingError('malformed-row', this.path, line, error.message);
      if (!this.options.skipBad) throw bad;
      this.stats.skipped++;
      this.options.onSkip?.(bad);
      return undefined;
    }
  }

  private createParser(firstLine: string): RowParser {
    const format = this.options.format ?? detectFromLine(firstLine) ?? detectFromFileName(this.path);
    if (format === undefined) {
      throw new RecordingError(
        'unknown-format',
        this.path,
        0,
        'first line is neither a Binance aggTrades/trades CSV row or header nor a JSON frame; pass --format',
      );
    }
    this.detected = format;
    const symbol = this.options.symbol ?? symbolFromFileName(this.path) ?? UNKNOWN_SYMBOL;
    switch (format) {
      case 'aggtrades-csv':
        return new AggTradesCsvParser(symbol);
      case 'trades-csv':
        return new TradesCsvParser(symbol);
      case 'ws-jsonl':
        return new WsJsonlParser({ onlySymbol: this.options.onlySymbol });
    }
  }
}

export function openRecording(path: string, options: RecordingOptions = {}): Recording {
  return new Recording(path, options);
}

/**
 * The format the reader would pick: `format` when given, else detected from
 * the first non-empty line (or the file name). Reads only the file's start.
 */
export async function detectFormat(path: string, format?: RecordingFormat): Promise<RecordingFormat | undefined> {
  if (format !== undefined) return format;
  try {
    for await (const batch of readLineBatches(path, { chunkBytes: 64 * 1024 })) {
      const first = batch.lines.find((text) => !isBlank(text));
      if (first !== undefined) return detectFromLine(first) ?? detectFromFileName(path);
    }
  } catch (error) {
    throw toRecordingError(path, error);
  }
  return detectFromFileName(path);
}

/** The symbols a recording holds, in order of first appearance. Reads the whole file. */
export async function listSymbols(path: string, options: RecordingOptions = {}): Promise<string[]> {
  const symbols = new Set<string>();
  for await (const trades of openRecording(path, options).batches()) {
    for (const trade of trades) symbols.add(trade.symbol);
  }
  return [...symbols];
}

/** Wraps file-system and line-length errors with the file's name. */
function toRecordingError(path: string, error: unknown): unknown {
  if (error instanceof RecordingError) return error;
  if (error instanceof LineTooLongError) {
    return new RecordingError('malformed-row', path, error.line, error.message);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') {
    return new RecordingError('io', path, 0, `cannot read the file (${describeIoError(code)})`, { cause: error });
  }
  return error;
}

function isBlank(text: string): boolean {
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0);
}

function describeIoError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return code;
  }
}
