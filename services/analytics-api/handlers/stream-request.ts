// Validation of StreamCandlesRequest: every subscription names a known
// series, once; the history size is within its limit.
import type { StreamCandlesRequest } from '../../../common/gen/wick/v1/candle_service_pb.js';
import { checkExchange, checkInterval, checkSymbol, invalidField, type SeriesCatalog } from '../../../common/rpc/index.js';
import { seriesRef, type SeriesRef } from '../live/live-candle.js';
import { MAX_STREAM_HISTORY, MAX_SUBSCRIPTIONS } from './limits.js';

export interface ValidStreamRequest {
  /** The subscriptions' series, in request order. */
  readonly series: readonly SeriesRef[];
  readonly history: number;
}

export async function validateStreamRequest(request: StreamCandlesRequest, catalog: SeriesCatalog): Promise<ValidStreamRequest> {
  const count = request.subscriptions.length;
  if (count === 0) throw invalidField('subscriptions', 'needs at least one subscription');
  if (count > MAX_SUBSCRIPTIONS) throw invalidField('subscriptions', `has ${count} subscriptions, more than the maximum ${MAX_SUBSCRIPTIONS}`);
  if (request.history > MAX_STREAM_HISTORY) throw invalidField('history', `${request.history} is more than the maximum ${MAX_STREAM_HISTORY}`);
  const series = request.subscriptions.map((subscription, index) => {
    const field = `subscriptions[${index}]`;
    const exchange = checkExchange(`${field}.exchange`, subscription.exchange);
    const symbol = checkSymbol(`${field}.symbol`, subscription.symbol, exchange);
    return seriesRef(exchange, symbol, checkInterval(`${field}.interval`, subscription.interval));
  });
  series.forEach(({ key, exchange, symbol, interval }, index) => {
    const first = series.findIndex((other) => other.key === key);
    if (first !== index) throw invalidField(`subscriptions[${index}]`, `repeats subscriptions[${first}] (${exchange} ${symbol} ${interval})`);
  });
  for (const { exchange, symbol, interval } of series) await catalog.requireSeries(exchange, symbol, interval);
  return { series, history: request.history };
}
