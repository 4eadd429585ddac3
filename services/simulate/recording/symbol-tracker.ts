// Follows one symbol through a recording: counts its trades, checks the
// order Binance guarantees (aggregate ids strictly increasing, trade ids
// not going back, times not going back) and records ranges and precisions.
// A replay of out-of-order data would not be what Binance sends, and the
// REST view's searches by id and time rely on that order.
import type { RecordedTrade } from '../../../common/recordings/recorded-trade.js';
import { SimulatorError } from '../errors.js';
import { compareDecimalText, significantScale } from './decimal-text.js';
import type { SymbolSummary, TradeKind } from './summary.js';

export class SymbolTracker {
  trades = 0;
  /** Line of the symbol's first trade: a JSON recording's line tells which event kind the symbol carries. */
  firstLine = 0;
  private firstAggregateId = 0;
  private lastAggregateId = 0;
  private firstTradeId = 0;
  private lastTradeId = 0;
  private firstTime = 0;
  private lastTime = 0;
  private priceScale = 0;
  private quantityScale = 0;
  private maxPrice = '0';

  constructor(
    readonly symbol: string,
    private readonly file: string,
  ) {}

  add(trade: RecordedTrade): void {
    if (this.trades === 0) this.first(trade);
    else this.checkOrder(trade);
    this.trades++;
    this.lastAggregateId = trade.aggregateId;
    this.lastTradeId = trade.lastTradeId;
    this.lastTime = trade.time;
    this.priceScale = Math.max(this.priceScale, significantScale(trade.price));
    this.quantityScale = Math.max(this.quantityScale, significantScale(trade.quantity));
    if (compareDecimalText(trade.price, this.maxPrice) > 0) this.maxPrice = trade.price;
  }

  summary(kind: TradeKind): SymbolSummary {
    return {
      symbol: this.symbol,
      kind,
      trades: this.trades,
      firstAggregateId: this.firstAggregateId,
      lastAggregateId: this.lastAggregateId,
      firstTradeId: this.firstTradeId,
      lastTradeId: this.lastTradeId,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      priceScale: this.priceScale,
      quantityScale: this.quantityScale,
      maxPrice: this.maxPrice,
    };
  }

  private first(trade: RecordedTrade): void {
    this.firstLine = trade.line;
    this.firstAggregateId = trade.aggregateId;
    this.firstTradeId = trade.firstTradeId;
    this.firstTime = trade.time;
  }

  private checkOrder(trade: RecordedTrade): void {
    const where = `${this.file}:${trade.line}`;
    if (trade.aggregateId <= this.lastAggregateId) {
      throw new SimulatorError(
        'bad-recording',
        `${where}: trade id ${trade.aggregateId} of ${this.symbol} does not follow ${this.lastAggregateId}; ` +
          'Binance sends ids in increasing order, so the simulator needs them in that order without repeats',
      );
    }
    if (trade.firstTradeId <= this.lastTradeId) {
      throw new SimulatorError('bad-recording', `${where}: first trade id ${trade.firstTradeId} of ${this.symbol} overlaps the previous trade (last id ${this.lastTradeId})`);
    }
    if (trade.time < this.lastTime) {
      throw new SimulatorError('bad-recording', `${where}: trade time ${trade.time} of ${this.symbol} is before the previous trade's ${this.lastTime}`);
    }
  }
}
