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

/** What came out of tardis-dev's bars: their number and a fold of their fields (so none of its work is dead). */
export interface TardisBarsResult {
  bars: number;
  checksum: number;
}

/**
 * Runs every message through time bars of the given lengths. compute()
 * passes each source trade through as well, as in tardis-dev's own usage;
 * the consumer reads every field of every bar, as ours does of every candle.
 */
export async function tardisTradeBars(messages: readonly TardisTrade[], intervalsMs: readonly number[]): Promise<TardisBarsResult> {
  const bars = intervalsMs.map((interval) => computeTradeBars({ kind: 'time', interval }));
  const result: TardisBarsResult = { bars: 0, checksum: 0 };
  for await (const message of compute(replay(messages), ...bars)) {
    if (message.type !== 'trade_bar') continue;
    result.bars++;
    result.checksum +=
      message.exchange.length + message.symbol.length + message.name.length + message.interval +
      message.open + message.high + message.low + message.close + message.volume + message.buyVolume + message.sellVolume +
      message.trades + message.vwap + (message.openTimestamp.valueOf() % 997) + (message.closeTimestamp.valueOf() % 991) +
      (message.timestamp.valueOf() % 983) + (message.localTimestamp.valueOf() % 977);
  }
  return result;
}
