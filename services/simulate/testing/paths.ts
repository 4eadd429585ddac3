// The recordings of ../shared/data/binance the simulator's tests replay, and
// a temporary-file helper for recordings a test writes itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA = fileURLToPath(new URL('../../../../shared/data/binance/', import.meta.url));

export const XRPETH_AGG_TRADES = join(DATA, 'xrpeth-2019-10/XRPETH-aggTrades.csv');
export const XRPETH_1M = join(DATA, 'xrpeth-2019-10/XRPETH-1m.ohlcv.json');
export const SPOT_JSONL = join(DATA, 'ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl');

/** Writes `text` to a fresh temporary directory under `name`; `remove()` deletes it. */
export function temporaryFile(name: string, text: string): { readonly path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wick-simulate-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
