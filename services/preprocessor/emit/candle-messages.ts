// Candle updates to wick.candles.v1 messages. Keyed exchange:SYMBOL, so all
// updates of a symbol share a partition and keep their order.
import { propagation } from '@opentelemetry/api';
import { messageContext, type BusMessage, type OutgoingMessage } from '../../../common/bus/index.js';
import type { Candle } from '../../../common/candles/candle.js';
import { encodeDomainCandle } from '../../../common/serde/index.js';

/**
 * Encodes candles for the topic; `updateTime` is the engine clock when they
 * were emitted. `tracedBy` maps exchange:SYMBOL to the newest traced trade
 * message of that symbol, whose trace the candle message continues.
 */
export function candleMessages(candles: readonly Candle[], updateTime: number, tracedBy?: ReadonlyMap<string, BusMessage>): OutgoingMessage[] {
  const time = Number.isFinite(updateTime) ? updateTime : 0;
  return candles.map((candle) => {
    const key = `${candle.exchange}:${candle.symbol}`;
    const value = encodeDomainCandle(candle, time);
    const traced = tracedBy?.get(key);
    if (traced === undefined) return { key, value };
    const headers: Record<string, string> = {};
    propagation.inject(messageContext(traced), headers);
    return { key, value, headers };
  });
}
