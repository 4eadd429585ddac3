// The <symbol>@kline_<interval>[@+08:00] streams. One candle engine per
// interval and offset is created when the first client listens to such a
// stream, seeded from the published history so the current candle is
// complete, and fed every trade published after that; it is dropped when
// the last listener leaves. Binance's cadence is the engine's partial
// throttle: "Update Speed: 1000ms for 1s, 2000ms for the other intervals"
// (web-socket-streams.md), each update sent when the candle changed, and
// the closed candle (x: true) once the clock passes its close time.
import type { Candle } from '../../../common/candles/candle.js';
import { CandleEngine } from '../../../common/candles/engine.js';
import { intervalClock } from '../../../common/candles/interval-clock.js';
import type { IntervalName } from '../../../common/candles/intervals.js';
import type { TradeListener } from '../market/market.js';
import type { SimTrade } from '../market/sim-trade.js';
import type { TradeStore } from '../market/trade-store.js';
import { Frame } from '../ws/frame.js';
import { klinePayload } from '../ws/payloads.js';
import type { StreamHub } from '../ws/stream-hub.js';
import { klineStreamName, parseStreamName } from '../ws/stream-names.js';
import { feedHistory } from './feed-history.js';

export interface KlineCadence {
  readonly klineUpdateMs: number;
  readonly klineUpdateMs1s: number;
}

export interface KlineClock {
  /** Simulated now: the event time of frames sent on a tick. */
  now(): number;
  /** Simulated time up to which every trade has been published: candles may close up to here. */
  watermark(): number;
}

interface EngineEntry {
  readonly engine: CandleEngine;
  readonly streams: Set<string>;
  readonly interval: IntervalName;
  readonly offsetMinutes: number;
  /** Event time for the frames the engine emits during the current call. */
  eventTime: number;
  seeding: boolean;
}

export class KlineStreams implements TradeListener {
  private readonly entries = new Map<string, EngineEntry>();

  constructor(
    private readonly hub: StreamHub,
    private readonly store: TradeStore,
    private readonly clock: KlineClock,
    private readonly cadence: KlineCadence,
  ) {
    hub.onDemand((stream, listeners) => this.demand(stream, listeners));
  }

  onTrade(trade: SimTrade, eventTime: number): void {
    for (const entry of this.entries.values()) {
      entry.eventTime = eventTime;
      // The trade's own time is the engine's clock: a trade published a little after its candle's end still belongs to it.
      entry.engine.add(trade, trade.time);
    }
  }

  /** Closes due candles and sends throttled updates; called on a timer. */
  tick(): void {
    const watermark = this.clock.watermark();
    const now = this.clock.now();
    for (const entry of this.entries.values()) {
      entry.eventTime = now;
      entry.engine.advance(watermark);
    }
  }

  private demand(stream: string, listeners: number): void {
    const name = parseStreamName(stream);
    if (name?.type !== 'kline') return;
    const key = `${name.interval}@${name.offsetMinutes}`;
    let entry = this.entries.get(key);
    if (listeners > 0) {
      if (entry === undefined) entry = this.create(key, name.interval, name.offsetMinutes);
      entry.streams.add(stream);
    } else if (entry !== undefined) {
      entry.streams.delete(stream);
      if (entry.streams.size === 0) this.entries.delete(key);
    }
  }

  private create(key: string, interval: IntervalName, offsetMinutes: number): EngineEntry {
    const entry: EngineEntry = {
      interval,
      offsetMinutes,
      streams: new Set(),
      eventTime: this.clock.now(),
      seeding: true,
      engine: new CandleEngine({
        exchange: 'binance',
        intervals: [interval],
        timezoneOffsetMinutes: offsetMinutes,
        graceMs: 0,
        partialThrottleMs: interval === '1s' ? this.cadence.klineUpdateMs1s : this.cadence.klineUpdateMs,
        emitPartials: true,
        fillEmptyIntervals: true,
        // Trades arrive in order; a late one (a recording whose event times lag its trade times) re-issues the closed candle rather than vanish.
        reviseLateTrades: true,
        revisionWindow: 1,
        onCandle: (candle) => this.emit(entry, candle),
      }),
    };
    this.seed(entry);
    this.entries.set(key, entry);
    return entry;
  }

  /** Feeds the history since the current candle opened, so the first update a listener gets is complete. */
  private seed(entry: EngineEntry): void {
    const watermark = this.clock.watermark();
    const currentOpen = intervalClock(entry.interval, entry.offsetMinutes).openTime(watermark);
    for (const history of this.store.symbols()) feedHistory(entry.engine, history, currentOpen);
    entry.engine.advance(watermark);
    entry.seeding = false;
  }

  private emit(entry: EngineEntry, candle: Candle): void {
    if (entry.seeding) return;
    const stream = klineStreamName(candle.symbol, candle.interval, entry.offsetMinutes);
    if (this.hub.listening(stream)) this.hub.publish(new Frame(stream, 'kline', klinePayload(candle, entry.eventTime)));
  }
}
