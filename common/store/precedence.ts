// Which of two versions of the same candle wins. The upsert's SQL applies the
// same rule to the stored row (see sql/upsert.ts); this copy resolves
// duplicates inside one batch, which PostgreSQL refuses to upsert twice in
// one statement.
//
// - A higher revision wins, except that a partial never replaces a final.
// - At the same revision a final replaces a partial, and a partial replaces
//   a partial only when it has more trades: trades are only ever added to a
//   running candle, so more trades means newer, and a replayed older partial
//   changes nothing.
// - Anything else (equal or lower revision, same partial again, the same
//   final again) changes nothing.
import type { Candle } from './domain.js';

export function supersedes(next: Candle, stored: Candle): boolean {
  if (next.revision > stored.revision) return next.closed || !stored.closed;
  if (next.revision < stored.revision || stored.closed) return false;
  return next.closed || next.tradeCount > stored.tradeCount;
}

/**
 * One candle per (exchange, symbol, interval, openTime), the winner of each
 * group, sorted by that key so concurrent batches lock rows in one order and
 * cannot deadlock each other.
 */
export function resolveBatch(candles: readonly Candle[]): Candle[] {
  const winners = new Map<string, Candle>();
  for (const candle of candles) {
    const key = `${candle.exchange}\u0000${candle.symbol}\u0000${candle.interval}\u0000${candle.openTime}`;
    const current = winners.get(key);
    if (current === undefined || supersedes(candle, current)) winners.set(key, candle);
  }
  return [...winners.values()].sort(compareKeys);
}

function compareKeys(a: Candle, b: Candle): number {
  return compareText(a.exchange, b.exchange) || compareText(a.symbol, b.symbol)
    || compareText(a.interval, b.interval) || a.openTime - b.openTime;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
