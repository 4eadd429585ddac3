// Builds candles from the REST view's history: a candle engine is fed the
// published trades from the last one before `fromOpenTime` (whose close
// carries into empty intervals as Binance's flat candles) to the newest.
// Used to seed a kline stream that starts mid-interval and to answer
// /api/v3/klines.
import type { CandleEngine } from '../../../common/candles/engine.js';
import type { SymbolHistory } from '../market/symbol-history.js';

/** Feeds `history` from the trade before `fromTime` up to (and including) trades at `toTime`; each trade at its own time. */
export function feedHistory(engine: CandleEngine, history: SymbolHistory, fromTime: number, toTime = Infinity): void {
  const start = Math.max(0, history.indexOfTime(fromTime) - 1);
  const end = toTime === Infinity ? history.size : history.indexAfterTime(toTime);
  for (let index = start; index < end; index++) {
    const trade = history.at(index);
    engine.add(trade, trade.time);
  }
}
