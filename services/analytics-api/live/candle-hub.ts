// The fan-out point of one analytics-api instance: the live feed publishes
// every candle update here once, the hub drops re-deliveries (SeriesWindow)
// and hands each new update to the listeners of its series, keyed by
// (exchange, symbol, interval). Listeners must be cheap and must not throw:
// they queue the update for their stream and return.
import type { LiveCandle } from './live-candle.js';
import { SeriesWindow } from './series-window.js';

export type CandleListener = (candle: LiveCandle) => void;

export interface HubSubscription {
  /** The series' latest candles at the moment of subscribing, ascending open time. */
  readonly snapshot: readonly LiveCandle[];
  unsubscribe(): void;
}

interface Series {
  readonly window: SeriesWindow;
  readonly listeners: Set<CandleListener>;
}

export class CandleHub {
  private readonly series = new Map<string, Series>();

  /** Returns false for a re-delivery (not newer than what the hub has seen), which no listener gets. */
  publish(candle: LiveCandle): boolean {
    const series = this.entry(candle.key);
    if (!series.window.accept(candle)) return false;
    for (const listener of series.listeners) listener(candle);
    return true;
  }

  /**
   * Starts delivering the series' updates to `listener` and returns what the
   * hub holds of it right now. Both happen in one synchronous step, so no
   * update falls between the snapshot and the first delivery.
   */
  subscribe(key: string, listener: CandleListener): HubSubscription {
    const series = this.entry(key);
    series.listeners.add(listener);
    return {
      snapshot: series.window.snapshot(),
      unsubscribe: () => {
        series.listeners.delete(listener);
      },
    };
  }

  snapshot(key: string): readonly LiveCandle[] {
    return this.series.get(key)?.window.snapshot() ?? [];
  }

  currentPartial(key: string): LiveCandle | undefined {
    return this.series.get(key)?.window.currentPartial();
  }

  get seriesCount(): number {
    return this.series.size;
  }

  private entry(key: string): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      series = { window: new SeriesWindow(), listeners: new Set() };
      this.series.set(key, series);
    }
    return series;
  }
}
