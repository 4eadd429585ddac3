// The REST side of the simulated exchange: routes, their request weights
// (rest-api.md: ping 1, time 1, exchangeInfo 20, aggTrades 4, klines 2),
// the weight limit and its headers, X-MBX-TIME-UNIT, and Binance's error
// bodies. Every answer is JSON with `X-MBX-USED-WEIGHT-1M` (and the older
// `X-MBX-USED-WEIGHT`), as Binance's are.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SymbolHistory } from '../market/symbol-history.js';
import type { TradeStore } from '../market/trade-store.js';
import type { SimulatorMetrics } from '../metrics.js';
import { aggTrades } from './agg-trades.js';
import { ApiError, apiErrors } from './api-error.js';
import { exchangeInfo, type ListedSymbol } from './exchange-info.js';
import { klines } from './klines-route.js';
import { QueryParams } from './params.js';
import type { WeightLimiter } from './weight-limiter.js';

export interface RestContext {
  readonly store: TradeStore;
  readonly listed: readonly ListedSymbol[];
  readonly limiter: WeightLimiter;
  /** Simulated now: serverTime, and the newest kline. */
  readonly simNow: () => number;
  readonly metrics: SimulatorMetrics;
  readonly logger: Logger;
}

interface Route {
  readonly weight: number;
  run(params: QueryParams, timeFactor: 1 | 1000): unknown;
}

export type RestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export function createRestHandler(context: RestContext): RestHandler {
  const routes = buildRoutes(context);
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const route = routes.get(url.pathname);
    const label = route === undefined ? 'unknown' : url.pathname;
    const status = answer(context, route, request, url, response);
    context.metrics.restRequests.inc({ route: label, status: String(status) });
  };
}

function answer(context: RestContext, route: Route | undefined, request: IncomingMessage, url: URL, response: ServerResponse): number {
  if (route === undefined) return send(response, 404, '{"code":-1000,"msg":"Not found."}');
  if (request.method !== 'GET') return send(response, 405, '{"code":-1000,"msg":"Method not allowed."}');
  const { limiter } = context;
  const check = limiter.take(route.weight);
  const headers = { [limiter.headerName]: String(check.used), 'X-MBX-USED-WEIGHT': String(check.used) };
  if (!check.allowed) {
    const { intervalNum, interval } = limiter.interval;
    const error = apiErrors.tooMuchWeight(limiter.limit, `${intervalNum} ${interval}`);
    return send(response, error.status, error.body(), { ...headers, 'Retry-After': String(check.retryAfterSeconds) });
  }
  try {
    const unit = request.headers['x-mbx-time-unit'];
    const timeFactor = typeof unit === 'string' && unit.toUpperCase() === 'MICROSECOND' ? 1000 : 1;
    const body = JSON.stringify(route.run(QueryParams.parse(url.search), timeFactor));
    return send(response, 200, body, headers);
  } catch (error) {
    if (error instanceof ApiError) return send(response, error.status, error.body(), headers);
    context.logger.error({ err: error, path: url.pathname }, 'simulator REST request failed');
    return send(response, 500, '{"code":-1000,"msg":"An unknown error occurred while processing the request."}', headers);
  }
}

function buildRoutes(context: RestContext): ReadonlyMap<string, Route> {
  const history = (params: QueryParams): SymbolHistory => {
    const symbol = params.symbol();
    const found = context.store.history(symbol);
    if (found === undefined) throw apiErrors.badSymbol();
    return found;
  };
  return new Map<string, Route>([
    ['/api/v3/ping', { weight: 1, run: () => ({}) }],
    ['/api/v3/time', { weight: 1, run: (_params, factor) => ({ serverTime: context.simNow() * factor }) }],
    [
      '/api/v3/exchangeInfo',
      {
        weight: 20,
        run: (params, factor) =>
          exchangeInfo(context.listed, params, context.simNow() * factor, { weightLimit: context.limiter.limit, ...context.limiter.interval }),
      },
    ],
    ['/api/v3/aggTrades', { weight: 4, run: (params, factor) => aggTrades(history(params), params, factor) }],
    ['/api/v3/klines', { weight: 2, run: (params, factor) => klines(history(params), params, context.simNow(), factor) }],
  ]);
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): number {
  response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
  return status;
}
