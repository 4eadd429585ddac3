// Candle updates for tests, built from integers so every decimal is exact
// and every update passes the serde's validation: partials with a growing
// trade count, finals, revisions.
import type { Candle } from '../../../common/candles/candle.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import { fixedLengthMs } from '../../../common/candles/intervals.js';
import type { Candle as CandleMessage } from '../../../common/gen/wick/v1/candle_pb.js';
import { encodeCandle, fromDomainCandle } from '../../../common/serde/index.js';

export interface UpdateSpec {
  readonly symbol: string;
  readonly openTime: number;
  readonly tradeCount: number;
  readonly closed: boolean;
  readonly revision?: number;
  readonly interval?: IntervalName;
  readonly exchange?: string;
  /** The engine clock when the update was produced; default openTime. */
  readonly updateTime?: number;
}

/** A domain candle whose volume and ids follow its trade count. */
export function testCandle(spec: UpdateSpec): Candle {
  const interval = spec.interval ?? '1m';
  const count = spec.tradeCount;
  const volume = `${count}.50000000`;
  return {
    exchange: spec.exchange ?? 'binance',
    symbol: spec.symbol,
    interval,
    openTime: spec.openTime,
    closeTime: spec.openTime + (fixedLengthMs(interval) ?? 0) - 1,
    open: '100.00000000',
    high: `${100 + count}.00000000`,
    low: '99.00000000',
    close: `${100 + count}.00000000`,
    volume: count === 0 ? '0.00000000' : volume,
    quoteVolume: count === 0 ? '0.00000000' : `${count * 100}.00000000`,
    takerBuyVolume: '0.00000000',
    takerBuyQuoteVolume: '0.00000000',
    tradeCount: count,
    firstTradeId: count === 0 ? -1 : 1_000,
    lastTradeId: count === 0 ? -1 : 1_000 + count - 1,
    closed: spec.closed,
    revision: spec.revision ?? 0,
  };
}

export function testUpdate(spec: UpdateSpec): CandleMessage {
  return fromDomainCandle(testCandle(spec), spec.updateTime ?? spec.openTime);
}

/** The bus message the preprocessor would publish for an update (key exchange:SYMBOL). */
export function busMessage(spec: UpdateSpec): { key: string; value: Uint8Array } {
  return { key: `${spec.exchange ?? 'binance'}:${spec.symbol}`, value: encodeCandle(testUpdate(spec)) };
}
