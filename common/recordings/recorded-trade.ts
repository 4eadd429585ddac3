// What a recording reader yields: the engine's Trade plus where it came from,
// so a consumer (the `wick candles` tool, the Binance simulator) can point at
// the exact line and replay with the recorded timing.
import type { Trade } from '../candles/trade.js';

export type RecordingFormat = 'aggtrades-csv' | 'trades-csv' | 'ws-jsonl';

export const RECORDING_FORMATS: readonly RecordingFormat[] = ['aggtrades-csv', 'trades-csv', 'ws-jsonl'];

export interface RecordedTrade extends Trade {
  /** 1-based line of the source file the trade was read from. */
  readonly line: number;
  /** WebSocket recordings only: the frame's event time `E`, in ms. */
  readonly eventTime?: number;
  /** Enveloped WebSocket recordings only: the local receive time, in ms. */
  readonly receivedAt?: number;
}

/** Counters a reader keeps while it streams a file. */
export interface ReadStats {
  /** Lines read, including empty lines and a header. */
  lines: number;
  /** Trades yielded. */
  trades: number;
  /** Malformed rows skipped in skip-bad mode. */
  skipped: number;
  /** Well-formed lines that carry no trade for us: a header, kline frames, other events, filtered symbols. */
  ignored: number;
}
