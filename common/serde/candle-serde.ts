// Candle payloads of Kafka topic wick.candles.v1: protobuf binary, validated
// both ways so an impossible candle is neither produced nor consumed. The
// bytes are written and read by candle-wire.ts, byte for byte what the
// generated protobuf-es code does, several times faster.
import type { Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import { readCandle, writeCandle } from './candle-wire.js';
import { CANDLE_TYPE, validateCandle } from './candle-validation.js';
import { SerdeError } from './errors.js';

/** Throws SerdeError('invalid-field') for an impossible candle. */
export function encodeCandle(candle: CandleMessage): Uint8Array {
  validateCandle(candle);
  return writeCandle(candle);
}

/** Throws SerdeError: 'malformed-bytes' for bytes that are no Candle, 'invalid-field' for an impossible one. */
export function decodeCandle(bytes: Uint8Array): CandleMessage {
  let candle: CandleMessage;
  try {
    candle = readCandle(bytes);
  } catch (cause) {
    throw new SerdeError('malformed-bytes', CANDLE_TYPE, '', `not a protobuf ${CANDLE_TYPE}: ${String(cause)}`, { cause });
  }
  validateCandle(candle);
  return candle;
}
