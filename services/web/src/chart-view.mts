// The candlestick chart with its volume bars (lightweight-charts). Candles
// are kept by open time, so live updates, a reconnect's history and older
// pages loaded while scrolling back merge into one ordered series. Prices
// become numbers only here, for drawing: the page shows the exact decimal
// strings elsewhere.
import {
  CandlestickSeries, ColorType, createChart, HistogramSeries, type CandlestickData, type HistogramData, type IChartApi, type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';

const UP = '#26a69a';
const DOWN = '#ef5350';

export class ChartView {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volumes: ISeriesApi<'Histogram'>;
  private readonly byOpenTime = new Map<number, Candle>();
  /** Open time of the newest candle: live updates compare against it, hundreds of times a second in a fast replay. */
  private newest = Number.NEGATIVE_INFINITY;
  /** Live updates not drawn yet, by open time. */
  private readonly pending = new Map<number, Candle>();

  constructor(private readonly element: HTMLElement) {
    this.chart = createChart(element, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: '#131722' }, textColor: '#d1d4dc' },
      grid: { vertLines: { color: '#1e222d' }, horzLines: { color: '#1e222d' } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2a2e39' },
      rightPriceScale: { borderColor: '#2a2e39' },
    });
    this.candles = this.chart.addSeries(CandlestickSeries, { upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN });
    this.volumes = this.chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume' });
    this.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  }

  /** Open time (ms) of the oldest candle shown; undefined when empty. */
  get oldestOpenTime(): number | undefined {
    let oldest: number | undefined;
    for (const openTime of this.byOpenTime.keys()) if (oldest === undefined || openTime < oldest) oldest = openTime;
    return oldest;
  }

  get size(): number {
    return this.byOpenTime.size;
  }

  /** Replaces everything (a new series, or a reconnect's history). */
  reset(candles: readonly Candle[]): void {
    this.byOpenTime.clear();
    this.pending.clear();
    this.newest = Number.NEGATIVE_INFINITY;
    this.merge(candles);
    this.chart.timeScale().scrollToRealTime();
  }

  /** Adds candles anywhere in time (older pages, a reconnect's history). */
  merge(candles: readonly Candle[]): void {
    for (const candle of candles) {
      this.byOpenTime.set(Number(candle.openTime), candle);
      this.newest = Math.max(this.newest, Number(candle.openTime));
    }
    const ordered = [...this.byOpenTime.values()].sort((a, b) => Number(a.openTime - b.openTime));
    this.candles.setData(ordered.map(bar));
    this.volumes.setData(ordered.map(volume));
    this.element.dataset.candles = String(ordered.length);
    this.element.dataset.oldest = ordered.length === 0 ? '' : String(ordered[0]!.openTime);
  }

  /**
   * A live update: the newest candle changes, or a new one begins; older
   * ones (revisions) are merged. Updates are drawn once per animation frame,
   * the newest version of each candle, so a burst (a fast replay, a
   * reconnect) costs one redraw rather than hundreds.
   */
  update(candle: Candle): void {
    this.pending.set(Number(candle.openTime), candle);
    if (this.pending.size === 1) requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const updates = [...this.pending.entries()].sort(([a], [b]) => a - b);
    this.pending.clear();
    const [oldest] = updates[0] ?? [];
    if (oldest !== undefined && oldest < this.newest) {
      this.merge(updates.map(([, candle]) => candle));
      return;
    }
    for (const [openTime, candle] of updates) {
      this.newest = openTime;
      this.byOpenTime.set(openTime, candle);
      this.candles.update(bar(candle));
      this.volumes.update(volume(candle));
    }
    this.element.dataset.candles = String(this.byOpenTime.size);
  }

  /** Calls `near` when the user scrolls to within a few bars of the oldest candle. */
  onScrolledBack(near: () => void): void {
    this.chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
      if (range !== null && range.from < 10) near();
    });
  }
}

function time(candle: Candle): UTCTimestamp {
  return (Number(candle.openTime) / 1000) as UTCTimestamp;
}

function bar(candle: Candle): CandlestickData<UTCTimestamp> {
  return { time: time(candle), open: Number(candle.open), high: Number(candle.high), low: Number(candle.low), close: Number(candle.close) };
}

function volume(candle: Candle): HistogramData<UTCTimestamp> {
  const up = Number(candle.close) >= Number(candle.open);
  return { time: time(candle), value: Number(candle.volume), color: up ? `${UP}80` : `${DOWN}80` };
}
