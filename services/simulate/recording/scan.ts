// One pass over the recording before the replay starts: it finds every
// symbol, checks the order of ids and times, and measures what exchangeInfo
// and the loop offsets need. A bad row stops the simulator here, with the
// reader's one-line `FILE:LINE: reason`, rather than halfway through a replay.
import { openRecording, UNKNOWN_SYMBOL } from '../../../common/recordings/reader.js';
import type { RecordingFormat } from '../../../common/recordings/recorded-trade.js';
import { SimulatorError } from '../errors.js';
import { jsonlTradeKinds } from './jsonl-kinds.js';
import type { RecordingSummary, SymbolSummary, TradeKind } from './summary.js';
import { SymbolTracker } from './symbol-tracker.js';

export interface ScanOptions {
  readonly format?: RecordingFormat;
  readonly symbol?: string;
}

export async function scanRecording(path: string, options: ScanOptions = {}): Promise<RecordingSummary> {
  const recording = openRecording(path, { format: options.format, symbol: options.symbol });
  const trackers = new Map<string, SymbolTracker>();
  let lastTime = -Infinity;
  for await (const batch of recording.batches()) {
    for (const trade of batch) {
      let tracker = trackers.get(trade.symbol);
      if (tracker === undefined) {
        tracker = new SymbolTracker(trade.symbol, path);
        trackers.set(trade.symbol, tracker);
      }
      tracker.add(trade);
      lastTime = Math.max(lastTime, trade.time, trade.eventTime ?? trade.time);
    }
  }
  const format = recording.format;
  if (format === undefined || trackers.size === 0) throw new SimulatorError('bad-recording', `${path}: the recording holds no trades`);
  if (trackers.has(UNKNOWN_SYMBOL) && options.symbol === undefined) {
    throw new SimulatorError('bad-recording', `${path}: the file name does not tell the symbol (as SYMBOL-aggTrades-DATE.csv would); pass --symbol`);
  }
  const kinds = await tradeKinds(path, format, trackers);
  const symbols: SymbolSummary[] = [...trackers.values()].map((tracker) => tracker.summary(kinds.get(tracker.symbol) ?? 'aggTrade'));
  return {
    path,
    format,
    symbols,
    trades: symbols.reduce((sum, symbol) => sum + symbol.trades, 0),
    firstTime: Math.min(...symbols.map((symbol) => symbol.firstTime)),
    lastTime,
  };
}

async function tradeKinds(path: string, format: RecordingFormat, trackers: ReadonlyMap<string, SymbolTracker>): Promise<ReadonlyMap<string, TradeKind>> {
  if (format === 'ws-jsonl') {
    const firstLines = new Map([...trackers.values()].map((tracker) => [tracker.symbol, tracker.firstLine]));
    return jsonlTradeKinds(path, firstLines);
  }
  const kind: TradeKind = format === 'aggtrades-csv' ? 'aggTrade' : 'trade';
  return new Map([...trackers.keys()].map((symbol) => [symbol, kind]));
}
