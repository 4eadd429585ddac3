// tardis-dev's trade bars, driven through its public API as its README
// shows: compute(messages, computeTradeBars({ kind: 'time', interval })...)
// over an async iterable of normalized trade messages.
import { compute, computeTradeBars, type Trade as TardisTrade } from 'tardis-dev';
import type { Trade } from '../common/candles/trade.js';

/**
 * tardis-dev's normalized trades for the same trades. tardis-dev works in
 * floats, so its input carries Number prices: converting here, before any
 * timing, is what its own exchange mappers do when normalizing.
 */
export function toTardisTrades(trades: readonly Trade[]): TardisTrade[] {
  return trades.map((t) => ({
    type: 'trade',
    symbol: t.symbol,
    exchange: 'binance',
    id: String(t.aggregateId),
    price: Number(t.price),
    amount: Number(t.quantity),
    side: t.buyerIsMaker ? 'sell' : 'buy',
    timestamp: new Date(t.time),
    localTimestamp: new Date(t.time),
  }));
}

async function* replay(messages: readonly TardisTrade[]): AsyncIterableIterator<TardisTrade> {
  for (const message of messages) yield message;
}

/** Runs every message through time bars of the given lengths; returns the number of bars produced. */
export async function tardisTradeBars(messages: readonly TardisTrade[], intervalsMs: readonly number[]): Promise<number> {
  const bars = intervalsMs.map((interval) => computeTradeBars({ kind: 'time', interval }));
  let count = 0;
  for await (const message of compute(replay(messages), ...bars)) {
    if (message.type === 'trade_bar') count++;
  }
  return count;
}
