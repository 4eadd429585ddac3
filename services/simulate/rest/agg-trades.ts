// GET /api/v3/aggTrades (rest-api.md, "Compressed/Aggregate trades list";
// web-socket-api.md, "Aggregate trades", for the rules): only trades the
// replay has published. fromId returns ids >= fromId; startTime/endTime
// filter by trade time (inclusive) and return the oldest first, endTime
// alone the newest before it; with none of them the most recent trades;
// "fromId cannot be used together with startTime and endTime" (-1128).
import type { SymbolHistory } from '../market/symbol-history.js';
import { apiErrors } from './api-error.js';
import type { QueryParams } from './params.js';

export interface AggTradeJson {
  readonly a: number;
  readonly p: string;
  readonly q: string;
  readonly f: number;
  readonly l: number;
  readonly T: number;
  readonly m: boolean;
  readonly M: boolean;
}

export function aggTrades(history: SymbolHistory, params: QueryParams, timeFactor: 1 | 1000): AggTradeJson[] {
  const fromId = params.long('fromId');
  const startTime = params.time('startTime');
  const endTime = params.time('endTime');
  const limit = params.limit();
  if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw apiErrors.badCombination();
  // A recording of raw trades cannot be grouped into Binance's aggregates honestly.
  if (history.kind !== 'aggTrade') throw apiErrors.unsupported();
  const [from, to] = range(history, { fromId, startTime, endTime, limit });
  const result: AggTradeJson[] = [];
  for (let index = from; index < to; index++) {
    const trade = history.at(index);
    result.push({
      a: trade.aggregateId,
      p: trade.price,
      q: trade.quantity,
      f: trade.firstTradeId,
      l: trade.lastTradeId,
      T: trade.time * timeFactor,
      m: trade.buyerIsMaker,
      M: true,
    });
  }
  return result;
}

interface Selection {
  readonly fromId: number | undefined;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  readonly limit: number;
}

/** Indices [from, to) of the trades to return. */
function range(history: SymbolHistory, selection: Selection): [number, number] {
  const { fromId, startTime, endTime, limit } = selection;
  if (fromId !== undefined) {
    const from = history.indexOfId(fromId);
    return [from, Math.min(history.size, from + limit)];
  }
  if (startTime !== undefined) {
    const from = history.indexOfTime(startTime);
    const end = endTime === undefined ? history.size : history.indexAfterTime(endTime);
    return [from, Math.max(from, Math.min(end, from + limit))];
  }
  const to = endTime === undefined ? history.size : history.indexAfterTime(endTime);
  return [Math.max(0, to - limit), to];
}
