// Everything the simulated exchange has published, per symbol: what the REST
// endpoints may show. A trade enters the moment the replay publishes it,
// never earlier, like the real exchange's database behind its stream.
import type { SymbolSummary } from '../recording/summary.js';
import type { SimTrade } from './sim-trade.js';
import { SymbolHistory } from './symbol-history.js';

export class TradeStore {
  private readonly histories = new Map<string, SymbolHistory>();

  constructor(symbols: readonly SymbolSummary[], historyLimit: number) {
    for (const symbol of symbols) this.histories.set(symbol.symbol, new SymbolHistory(symbol.symbol, symbol.kind, historyLimit));
  }

  append(trade: SimTrade): void {
    this.histories.get(trade.symbol)?.append(trade);
  }

  history(symbol: string): SymbolHistory | undefined {
    return this.histories.get(symbol);
  }

  symbols(): IterableIterator<SymbolHistory> {
    return this.histories.values();
  }
}
