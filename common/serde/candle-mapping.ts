// Between the protobuf Candle on Kafka and the candle engine's domain Candle.
// The domain candle has no update time: it is the engine clock's reading when
// the update was emitted, supplied by whoever publishes it.
import { create } from '@bufbuild/protobuf';
import { CandleSchema, type Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { CANDLE_TYPE, type CandleFields } from './candle-validation.js';
import type { Candle } from './domain-candle.js';
import { FieldChecks, toInt64Number } from './field-checks.js';
import { isIntervalName } from './interval-names.js';

const check: FieldChecks = new FieldChecks(CANDLE_TYPE);

/** Expects a validated message (decodeCandle's result); int64 fields become numbers, checked to be exact. */
export function toDomainCandle(message: CandleMessage): Candle {
  const { interval } = message;
  if (!isIntervalName(interval)) check.fail('interval', `${JSON.stringify(interval.slice(0, 40))} is not a Binance interval`);
  return {
    exchange: message.exchange,
    symbol: message.symbol,
    interval,
    openTime: check.integer('open_time', message.openTime, 0),
    closeTime: check.integer('close_time', message.closeTime, 0),
    open: message.open,
    high: message.high,
    low: message.low,
    close: message.close,
    volume: message.volume,
    quoteVolume: message.quoteVolume,
    takerBuyVolume: message.takerBuyVolume,
    takerBuyQuoteVolume: message.takerBuyQuoteVolume,
    tradeCount: check.integer('trade_count', message.tradeCount, 0),
    firstTradeId: check.integer('first_trade_id', message.firstTradeId, -1),
    lastTradeId: check.integer('last_trade_id', message.lastTradeId, -1),
    closed: message.closed,
    revision: message.revision,
  };
}

/** Builds the Kafka message; `updateTime` is the engine clock (ms) when the update was emitted. encodeCandle validates it. */
export function fromDomainCandle(candle: Candle, updateTime: number): CandleMessage {
  const fields = domainCandleFields(candle, updateTime);
  return create(CandleSchema, {
    ...fields,
    openTime: BigInt(fields.openTime),
    closeTime: BigInt(fields.closeTime),
    tradeCount: BigInt(fields.tradeCount),
    firstTradeId: BigInt(fields.firstTradeId),
    lastTradeId: BigInt(fields.lastTradeId),
    updateTime: BigInt(fields.updateTime),
  });
}

/**
 * The message's fields with int64 values as numbers, after the checks that
 * they are exact (safe integers, a uint32 revision); what encodeDomainCandle
 * writes without building the message.
 */
export function domainCandleFields(candle: Candle, updateTime: number): CandleFields {
  const int64 = (field: string, value: number): number => toInt64Number(CANDLE_TYPE, field, value);
  if (!Number.isInteger(candle.revision) || candle.revision < 0 || candle.revision > 0xffff_ffff) {
    check.fail('revision', `${candle.revision} is not a uint32`);
  }
  return {
    exchange: candle.exchange,
    symbol: candle.symbol,
    interval: candle.interval,
    openTime: int64('open_time', candle.openTime),
    closeTime: int64('close_time', candle.closeTime),
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: candle.volume,
    quoteVolume: candle.quoteVolume,
    tradeCount: int64('trade_count', candle.tradeCount),
    takerBuyVolume: candle.takerBuyVolume,
    takerBuyQuoteVolume: candle.takerBuyQuoteVolume,
    firstTradeId: int64('first_trade_id', candle.firstTradeId),
    lastTradeId: int64('last_trade_id', candle.lastTradeId),
    closed: candle.closed,
    revision: candle.revision,
    updateTime: int64('update_time', updateTime),
  };
}
