// The Kafka serde: the only place wick encodes or decodes Kafka payloads.
export { encodeTrade, decodeTrade } from './trade-serde.js';
export { encodeCandle, decodeCandle } from './candle-serde.js';
export { toDomainTrade, fromDomainTrade, type TradeOrigin } from './trade-mapping.js';
export { toDomainCandle, fromDomainCandle } from './candle-mapping.js';
export { validateTrade } from './trade-validation.js';
export { validateCandle } from './candle-validation.js';
export { SerdeError, type SerdeErrorCode } from './errors.js';
