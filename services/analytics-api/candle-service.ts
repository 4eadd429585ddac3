// The routes of wick.v1.CandleService: each rpc is a function of the
// instance's parts, so tests can run them over any transport.
import type { ConnectRouter } from '@connectrpc/connect';
import { CandleService } from '../../common/gen/wick/v1/candle_service_pb.js';
import type { SeriesCatalog } from '../../common/rpc/index.js';
import { getCandles, getCandlesGrpcRoute, type GetCandlesDependencies } from './handlers/get-candles.js';
import { listSymbols } from './handlers/list-symbols.js';
import { streamCandles, streamCandlesGrpcRoute, type StreamCandlesDependencies } from './handlers/stream-candles.js';
import { grpcRoute, type GrpcRoute } from '../../common/rpc/index.js';

export interface CandleServiceDependencies extends GetCandlesDependencies, StreamCandlesDependencies {
  readonly catalog: SeriesCatalog;
}

export function candleServiceRoutes(deps: CandleServiceDependencies): (router: ConnectRouter) => void {
  return (router) => {
    router.service(CandleService, {
      getCandles: (request, context) => getCandles(deps, request, context),
      streamCandles: (request, context) => streamCandles(deps, request, context),
      listSymbols: (request) => listSymbols(deps.catalog, request),
    });
  };
}

/** The methods served straight over HTTP/2 for plain gRPC clients (see common/rpc/grpc-fast-path.ts). */
export function candleServiceGrpcRoutes(deps: CandleServiceDependencies): readonly GrpcRoute[] {
  return [grpcRoute(getCandlesGrpcRoute(deps)), grpcRoute(streamCandlesGrpcRoute(deps))];
}
