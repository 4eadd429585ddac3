// Request metrics at the RPC edge, for every method of every service a
// handler serves: calls by method and outcome code, and the duration of
// unary calls (a stream's duration is its client's lifetime, not a latency).
// Recorded after errorInterceptor's mapping, so the code is the one the
// client got.
import { ConnectError, type Interceptor } from '@connectrpc/connect';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import { createCounter, createHistogram, LATENCY_BUCKETS_SECONDS, type Registry } from '../metrics/index.js';

export function createRpcMetrics(registry: Registry) {
  return {
    calls: createCounter(registry, {
      name: 'wick_rpc_calls_total',
      help: 'RPCs served, by method (service/Method) and outcome code (ok, invalid_argument, not_found, ...), streams counted when they end.',
      labelNames: ['rpc', 'code'] as const,
    }),
    duration: createHistogram(registry, {
      name: 'wick_rpc_duration_seconds',
      help: 'Time from receiving a unary RPC to its response, by method.',
      labelNames: ['rpc'] as const,
      buckets: LATENCY_BUCKETS_SECONDS,
    }),
  };
}

export type RpcMetrics = ReturnType<typeof createRpcMetrics>;

export function rpcMetricsInterceptor(metrics: RpcMetrics): Interceptor {
  return (next) => async (request) => {
    const rpc = `${request.service.typeName}/${request.method.name}`;
    const started = performance.now();
    try {
      const response = await next(request);
      if (!response.stream) {
        metrics.calls.inc({ rpc, code: 'ok' });
        metrics.duration.observe({ rpc }, (performance.now() - started) / 1_000);
        return response;
      }
      return { ...response, message: countStream(response.message, metrics, rpc) };
    } catch (error) {
      metrics.calls.inc({ rpc, code: codeToString(ConnectError.from(error).code) });
      throw error;
    }
  };
}

async function* countStream<T>(messages: AsyncIterable<T>, metrics: RpcMetrics, rpc: string): AsyncIterable<T> {
  let code = 'ok';
  try {
    yield* messages;
  } catch (error) {
    code = codeToString(ConnectError.from(error).code);
    throw error;
  } finally {
    metrics.calls.inc({ rpc, code });
  }
}
