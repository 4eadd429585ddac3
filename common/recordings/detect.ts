// Format detection. The first non-empty line decides; the file name (as
// data.binance.vision names its files) is only a hint used when that line
// decides nothing, e.g. because it is itself malformed, so the user gets the
// parser's precise complaint about it rather than "unknown format".
import { basename } from 'node:path';
import { AGG_TRADES_HEADER_FIRST_FIELD } from './aggtrades-csv.js';
import { isBooleanText, isIntegerText } from './fields.js';
import type { RecordingFormat } from './recorded-trade.js';
import { TRADES_HEADER_FIRST_FIELD } from './trades-csv.js';

export function detectFromLine(text: string): RecordingFormat | undefined {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'ws-jsonl';
  const fields = text.split(',');
  if (fields[0] === AGG_TRADES_HEADER_FIRST_FIELD) return 'aggtrades-csv';
  if (fields[0] === TRADES_HEADER_FIRST_FIELD) return 'trades-csv';
  if (!isIntegerText(fields[0])) return undefined;
  if (fields.length === 8) return 'aggtrades-csv';
  if (fields.length === 6) return 'trades-csv';
  if (fields.length !== 7) return undefined;
  // Seven columns are either futures aggTrades (sixth field: the time) or spot
  // trades (sixth field: is_buyer_maker).
  if (isIntegerText(fields[5])) return 'aggtrades-csv';
  if (isBooleanText(fields[5])) return 'trades-csv';
  return undefined;
}

export function detectFromFileName(path: string): RecordingFormat | undefined {
  const name = basename(path).toLowerCase();
  if (/\.(jsonl|ndjson|json)(\.|$)/.test(name)) return 'ws-jsonl';
  if (name.includes('aggtrades')) return 'aggtrades-csv';
  if (name.includes('trades')) return 'trades-csv';
  return undefined;
}

/** data.binance.vision names files SYMBOL-aggTrades-DATE.csv and SYMBOL-trades-DATE.csv. */
export function symbolFromFileName(path: string): string | undefined {
  const match = /^([A-Za-z0-9]+)-(?:aggTrades|trades)(?:[-.]|$)/.exec(basename(path));
  return match?.[1]?.toUpperCase();
}
