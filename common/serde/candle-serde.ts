// Candle payloads of Kafka topic wick.candles.v1: protobuf binary, validated
// both ways so an impossible candle is neither produced nor consumed.
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { CandleSchema, type Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { CANDLE_TYPE, validateCandle } from './candle-validation.js';
import { SerdeError } from './errors.js';

/** Throws SerdeError('invalid-field') for an impossible candle. */
export function encodeCandle(candle: CandleMessage): Uint8Array {
  validateCandle(candle);
  return toBinary(CandleSchema, candle);
}

/** Throws SerdeError: 'malformed-bytes' for bytes that are no Candle, 'invalid-field' for an impossible one. */
export function decodeCandle(bytes: Uint8Array): CandleMessage {
  let candle: CandleMessage;
  try {
    candle = fromBinary(CandleSchema, bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', CANDLE_TYPE, '', `not a protobuf ${CANDLE_TYPE}: ${String(cause)}`, { cause });
  }
  validateCandle(candle);
  return candle;
}
