// Domain candles straight to wick.v1.Candle bytes, without the protobuf
// message in between (no bigints, no reflection): how the preprocessor
// encodes every candle update. Equivalent to encodeCandle(fromDomainCandle(...)):
// same bytes, same SerdeErrors; candle-domain-serde.test.ts holds it to that.
import { domainCandleFields } from './candle-mapping.js';
import { validateCandle } from './candle-validation.js';
import { writeCandle } from './candle-wire.js';
import type { Candle } from './domain-candle.js';

/** `updateTime` is the engine clock (ms) when the update was emitted. Throws SerdeError('invalid-field') for an impossible candle. */
export function encodeDomainCandle(candle: Candle, updateTime: number): Uint8Array {
  const fields = domainCandleFields(candle, updateTime);
  validateCandle(fields);
  return writeCandle(fields);
}
