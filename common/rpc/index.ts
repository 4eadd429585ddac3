// Public API of the RPC plumbing shared by wick's API services: the Connect
// handler, request field checks, page tokens, the series catalogue and the
// mapping of store errors.
export { createRpcHandler, NODE_REQUEST, type RpcHandlerOptions } from './rpc-handler.js';
export { createRpcMetrics, rpcMetricsInterceptor, type RpcMetrics } from './rpc-metrics.js';
export { createServiceHandler, type RpcService, type ServiceHandlerOptions } from './service-handler.js';
export { startRpcServer, type RpcServerOptions } from './rpc-server.js';
export { invalidField, notFound, quoteInput } from './field-error.js';
export {
  checkExchange, checkInterval, checkLimit, checkSymbol, checkTime, checkTimeOrder, DEFAULT_EXCHANGE, MAX_REQUEST_TIME_MS,
} from './request-fields.js';
export { decodePageToken, encodePageToken, isSafeInteger, requestFingerprint } from './page-token.js';
export { SeriesCatalog, type SeriesCatalogOptions } from './series-catalog.js';
export { fromStore, translateStoreError } from './store-errors.js';
export { openConfiguredStore, storeSettings, type StoreConfig } from './store-settings.js';
export { candleMessage, encodeCandle } from './candle-encoding.js';
export { encodeCandleColumns, type EncodedCandles } from './candle-columns-encoding.js';
export { lengthDelimitedField, varintLength, wantsBinary, withRawFields, writeVarint, type RawField } from './wire.js';
export {
  grpcFastPath, grpcFrames, grpcRoute, type GrpcCall, type GrpcFastPathOptions, type GrpcRoute, type GrpcStreamRoute,
} from './grpc-fast-path.js';
