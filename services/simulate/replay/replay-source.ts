// The recording read pass after pass, a batch at a time, with each trade
// already shifted for its pass. Reading is streamed, so a recording of any
// size replays in flat memory.
import { openRecording } from '../../../common/recordings/reader.js';
import type { RecordingFormat } from '../../../common/recordings/recorded-trade.js';
import type { SimTrade } from '../market/sim-trade.js';
import type { LoopShift } from './loop-shift.js';

export interface DueTrade {
  readonly trade: SimTrade;
  /** Simulated time at which it is published. */
  readonly due: number;
  /** The recording's own trade time (before any shift): the start position compares against it. */
  readonly recordedTime: number;
  readonly pass: number;
}

export interface SourceOptions {
  readonly path: string;
  readonly format: RecordingFormat;
  readonly symbol?: string;
  readonly loop: boolean;
}

export async function* replaySource(options: SourceOptions, shift: LoopShift, signal: AbortSignal): AsyncGenerator<DueTrade[]> {
  for (let pass = 0; !signal.aborted; pass++) {
    const recording = openRecording(options.path, { format: options.format, symbol: options.symbol });
    for await (const batch of recording.batches()) {
      if (signal.aborted) return;
      yield batch.map((recorded) => ({
        trade: shift.trade(recorded, pass),
        due: shift.dueTime(recorded, pass),
        recordedTime: recorded.time,
        pass,
      }));
    }
    if (!options.loop) return;
  }
}
