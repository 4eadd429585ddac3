// Which trade stream each symbol of a WebSocket recording came from. The
// reader yields aggTrade and trade events as the same Trade and keeps, per
// symbol, only the kind it met first; so the event type on the line of a
// symbol's first trade is that symbol's kind. Only those lines are parsed.
import { readLineBatches } from '../../../common/recordings/lines.js';
import { SimulatorError } from '../errors.js';
import type { TradeKind } from './summary.js';

export async function jsonlTradeKinds(path: string, firstLineBySymbol: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, TradeKind>> {
  const wanted = new Map<number, string>([...firstLineBySymbol].map(([symbol, line]) => [line, symbol]));
  const kinds = new Map<string, TradeKind>();
  for await (const batch of readLineBatches(path)) {
    const last = batch.firstLine + batch.lines.length - 1;
    for (const [line, symbol] of wanted) {
      if (line < batch.firstLine || line > last) continue;
      kinds.set(symbol, eventKind(batch.lines[line - batch.firstLine] ?? '', path, line));
      wanted.delete(line);
    }
    if (wanted.size === 0) break;
  }
  if (wanted.size > 0) throw new SimulatorError('bad-recording', `${path}: changed while being read (line ${[...wanted.keys()][0]} is gone)`);
  return kinds;
}

function eventKind(text: string, path: string, line: number): TradeKind {
  const document = JSON.parse(text) as { data?: { e?: unknown }; e?: unknown };
  const event = (document.data ?? document).e;
  if (event === 'aggTrade' || event === 'trade') return event;
  throw new SimulatorError('bad-recording', `${path}:${line}: expected an aggTrade or trade event, found ${JSON.stringify(event)}`);
}
