// The Kafka serde: the only place wick encodes or decodes Kafka payloads.
export { encodeTrade, decodeTrade } from './trade-serde.js';
export { encodeDomainTrade, decodeTradeToDomain, type DomainTradeRecord } from './trade-domain-serde.js';
export { encodeCandle, decodeCandle } from './candle-serde.js';
export { encodeDomainCandle } from './candle-domain-serde.js';
export { toDomainTrade, fromDomainTrade, type TradeOrigin } from './trade-mapping.js';
export { toDomainCandle, fromDomainCandle } from './candle-mapping.js';
export { validateTrade, type TradeFields } from './trade-validation.js';
export { validateCandle, type CandleFields } from './candle-validation.js';
export { SerdeError, type SerdeErrorCode } from './errors.js';
