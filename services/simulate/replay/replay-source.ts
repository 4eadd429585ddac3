// The recording read pass after pass, a batch at a time. Reading is
// streamed, so a recording of any size replays in flat memory. Trades come
// as recorded, with their pass: the replayer applies the LoopShift when it
// publishes one, so a timeline anchored late (the wall clock mode anchors
// it when the replay starts) applies to every trade not yet published.
import { openRecording } from '../../../common/recordings/reader.js';
import type { RecordedTrade, RecordingFormat } from '../../../common/recordings/recorded-trade.js';

export interface PassTrade {
  readonly recorded: RecordedTrade;
  /** 0 for the first pass over the recording, 1 for the second (--loop)... */
  readonly pass: number;
}

export interface SourceOptions {
  readonly path: string;
  readonly format: RecordingFormat;
  readonly symbol?: string;
  readonly loop: boolean;
}

export async function* replaySource(options: SourceOptions, signal: AbortSignal): AsyncGenerator<PassTrade[]> {
  for (let pass = 0; !signal.aborted; pass++) {
    const recording = openRecording(options.path, { format: options.format, symbol: options.symbol });
    for await (const batch of recording.batches()) {
      if (signal.aborted) return;
      yield batch.map((recorded) => ({ recorded, pass }));
    }
    if (!options.loop) return;
  }
}
