// ListSymbols: the symbols of an exchange with the time span of each stored
// interval, from the store's series list (at most a few seconds old).
import { create } from '@bufbuild/protobuf';
import {
  IntervalCoverageSchema, ListSymbolsResponseSchema, SymbolInfoSchema, type ListSymbolsRequest, type ListSymbolsResponse, type SymbolInfo,
} from '../../../common/gen/wick/v1/candle_service_pb.js';
import { checkExchange, type SeriesCatalog } from '../../../common/rpc/index.js';

const LIST_MAX_AGE_MS = 5_000;

export async function listSymbols(catalog: SeriesCatalog, request: ListSymbolsRequest): Promise<ListSymbolsResponse> {
  const exchange = checkExchange('exchange', request.exchange);
  const symbols: SymbolInfo[] = [];
  // The list is sorted by symbol, then Binance's interval order.
  for (const series of await catalog.storedSeries(exchange, LIST_MAX_AGE_MS)) {
    let info = symbols.at(-1);
    if (info === undefined || info.symbol !== series.symbol) {
      info = create(SymbolInfoSchema, { exchange, symbol: series.symbol });
      symbols.push(info);
    }
    info.intervals.push(create(IntervalCoverageSchema, {
      interval: series.interval, firstOpenTime: BigInt(series.firstOpenTime), lastOpenTime: BigInt(series.lastOpenTime),
    }));
  }
  return create(ListSymbolsResponseSchema, { symbols });
}
