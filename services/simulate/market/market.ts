// The simulated exchange's publishing step: a trade the replay hands over
// enters the REST view, goes out on its trade stream and into the klines,
// in that order, so a client that sees a trade on the stream can always
// find it over REST.
import { labelledCounter, type SimulatorMetrics } from '../metrics.js';
import type { ReplaySink } from '../replay/replayer.js';
import { tradeFrame, tradeStreamName } from '../ws/payloads.js';
import type { StreamHub } from '../ws/stream-hub.js';
import type { SimTrade } from './sim-trade.js';
import type { TradeStore } from './trade-store.js';

/** Everything that wants to see each published trade after the stream frame (klines, periodic faults). */
export interface TradeListener {
  onTrade(trade: SimTrade, eventTime: number): void;
}

export interface MarketParts {
  readonly store: TradeStore;
  readonly hub: StreamHub;
  readonly metrics: SimulatorMetrics;
  readonly backlog: () => Promise<void> | undefined;
}

export class Market implements ReplaySink {
  private readonly listeners: TradeListener[] = [];
  private readonly streamNames = new Map<string, string>();
  private readonly lastTrades = new Map<string, SimTrade>();
  private readonly published: (symbol: string) => { inc(): void };

  constructor(private readonly parts: MarketParts) {
    this.published = labelledCounter(parts.metrics.tradesPublished, 'symbol');
  }

  addListener(listener: TradeListener): void {
    this.listeners.push(listener);
  }

  /** The last trade published for a symbol (malformed frames are modelled on it). */
  lastTrade(symbol: string): SimTrade | undefined {
    return this.lastTrades.get(symbol) ?? this.parts.store.history(symbol)?.last();
  }

  publish(trade: SimTrade, eventTime: number): void {
    const { store, hub } = this.parts;
    store.append(trade);
    this.lastTrades.set(trade.symbol, trade);
    this.published(trade.symbol).inc();
    const stream = this.streamName(trade);
    if (hub.listening(stream)) hub.publish(tradeFrame(stream, trade, eventTime));
    for (const listener of this.listeners) listener.onTrade(trade, eventTime);
  }

  preload(trade: SimTrade): void {
    this.parts.store.append(trade);
  }

  backlog(): Promise<void> | undefined {
    return this.parts.backlog();
  }

  private streamName(trade: SimTrade): string {
    let name = this.streamNames.get(trade.symbol);
    if (name === undefined) {
      name = tradeStreamName(trade.symbol, trade.kind);
      this.streamNames.set(trade.symbol, name);
    }
    return name;
  }
}
