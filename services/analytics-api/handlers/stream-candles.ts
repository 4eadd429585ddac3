// StreamCandles: validates the request, then hands the call to a
// StreamSession registered with the instance's stream registry, written
// straight to the HTTP stream for binary gRPC, gRPC-Web and Connect
// (common/rpc/grpc-fast-path.ts), else through Connect (JSON, compressed).
import { fromBinary } from '@bufbuild/protobuf';
import type { HandlerContext } from '@connectrpc/connect';
import {
  StreamCandlesRequestSchema, type StreamCandlesRequest, type StreamCandlesResponse,
} from '../../../common/gen/wick/v1/candle_service_pb.js';
import { NODE_REQUEST, wantsBinary, type GrpcStreamRoute, type SeriesCatalog } from '../../../common/rpc/index.js';
import { connectMessages } from '../stream/connect-writer.js';
import { writeGrpcStream } from '../stream/grpc-writer.js';
import type { StreamRegistry } from '../stream/stream-registry.js';
import { StreamSession, type StreamDependencies } from '../stream/stream-session.js';
import { validateStreamRequest } from './stream-request.js';

export interface StreamCandlesDependencies {
  readonly catalog: SeriesCatalog;
  readonly registry: StreamRegistry;
  readonly session: StreamDependencies;
}

export const STREAM_CANDLES_PATH = '/wick.v1.CandleService/StreamCandles';

export async function* streamCandles(
  deps: StreamCandlesDependencies,
  request: StreamCandlesRequest,
  context: HandlerContext,
): AsyncGenerator<StreamCandlesResponse> {
  const { series, history } = await validateStreamRequest(request, deps.catalog);
  const session = new StreamSession(deps.session, series, history, context.values.get(NODE_REQUEST));
  deps.registry.add(session);
  yield* connectMessages(session, wantsBinary(context), context.signal);
}

export function streamCandlesGrpcRoute(deps: StreamCandlesDependencies): GrpcStreamRoute<StreamCandlesRequest> {
  return {
    path: STREAM_CANDLES_PATH,
    kind: 'server-streaming',
    decode: (bytes) => fromBinary(StreamCandlesRequestSchema, bytes),
    serve: async (request, call) => {
      const { series, history } = await validateStreamRequest(request, deps.catalog);
      const session = new StreamSession(deps.session, series, history, call.request);
      deps.registry.add(session);
      await writeGrpcStream(session, call);
    },
  };
}
