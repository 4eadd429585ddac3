// The symbols the simulated exchange lists: every symbol of the recording,
// with its base and quote asset. A symbol that cannot be split into two
// known assets would make exchangeInfo lie, so it stops the start instead.
import { SimulatorError } from './errors.js';
import type { RecordingSummary } from './recording/summary.js';
import { splitSymbol } from './rest/assets.js';
import type { ListedSymbol } from './rest/exchange-info.js';

export function listSymbols(recording: RecordingSummary): ListedSymbol[] {
  return recording.symbols.map((summary) => {
    const assets = splitSymbol(summary.symbol);
    if (assets === undefined) {
      throw new SimulatorError('bad-recording', `${recording.path}: cannot tell the base and quote assets of ${summary.symbol} (it ends in no known quote asset)`);
    }
    return { summary, assets };
  });
}
