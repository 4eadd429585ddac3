// Replays a recording into wick.trades.v1 the way the collector publishes
// it (key binance:SYMBOL, protobuf wick.v1.Trade, no timestamp of its own),
// paced, with the recording copied under several symbol names interleaved
// trade by trade, so several partitions carry the same market in step.
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';
import { partitionForKey } from '../../../common/bus/index.js';
import type { Trade } from '../../../common/candles/trade.js';
import { openRecording } from '../../../common/recordings/reader.js';
import { tradeMessage } from './trades.js';

export async function loadTrades(file: string): Promise<Trade[]> {
  const trades: Trade[] = [];
  for await (const batch of openRecording(file).batches()) {
    for (const trade of batch) {
      trades.push({
        symbol: trade.symbol,
        aggregateId: trade.aggregateId,
        firstTradeId: trade.firstTradeId,
        lastTradeId: trade.lastTradeId,
        price: trade.price,
        quantity: trade.quantity,
        time: trade.time,
        buyerIsMaker: trade.buyerIsMaker,
      });
    }
  }
  return trades;
}

/** `count` symbol names, the first `first`, whose keys land on distinct partitions when there are enough. */
export function symbolsAcrossPartitions(first: string, count: number, partitions: number): string[] {
  const symbols = [first];
  const used = new Set([partitionForKey(`binance:${first}`, partitions)]);
  for (let n = 1; symbols.length < count && n < 10_000; n++) {
    const candidate = `${first}${String.fromCharCode(65 + (n % 26))}${Math.floor(n / 26)}`;
    const partition = partitionForKey(`binance:${candidate}`, partitions);
    if (used.has(partition) && used.size < partitions) continue;
    used.add(partition);
    symbols.push(candidate);
  }
  return symbols;
}

/** The messages of the replay: every trade once per symbol, in trade order. */
export function replayMessages(trades: readonly Trade[], symbols: readonly string[]): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (const trade of trades) for (const symbol of symbols) messages.push(tradeMessage({ ...trade, symbol }));
  return messages;
}

export interface Pace {
  readonly perSecond: number;
  readonly perSend: number;
}

/** Sends the messages at about `perSecond`; `sent` reports progress after each send. */
export async function replay(producer: BusProducer, topic: string, messages: readonly OutgoingMessage[], pace: Pace, sent?: (count: number) => void): Promise<void> {
  const started = Date.now();
  for (let at = 0; at < messages.length; at += pace.perSend) {
    await producer.send(topic, messages.slice(at, at + pace.perSend));
    const done = Math.min(messages.length, at + pace.perSend);
    sent?.(done);
    const due = started + (done / pace.perSecond) * 1_000;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
