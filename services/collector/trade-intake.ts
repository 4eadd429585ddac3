// Where the feed's frames meet the sequencers: each aggTrade is encoded
// (validation included), sequenced per symbol, and what the sequencer
// releases goes to the publisher; a gap starts a backfill. Frames that are
// not usable become dead letters, and the stream carries on.
import type { Logger } from 'pino';
import type { Trade } from '../../common/candles/trade.js';
import { encodeBinanceTrade, EXCHANGE, type Rejected } from './binance/aggtrade-mapper.js';
import type { TradeSink } from './binance/binance-feed.js';
import type { CollectorMetrics } from './metrics.js';
import type { DeadLetter } from './publish/dead-letters.js';
import type { SequencedTrade } from './sequencing/sequenced-trade.js';
import type { SymbolSequencer } from './sequencing/symbol-sequencer.js';

export interface IntakeOutput {
  publish(trades: readonly SequencedTrade[]): void;
  /** The sequencer of `symbol` has a gap: fill it. */
  backfill(symbol: string): void;
  deadLetter(letter: DeadLetter): void;
}

export class TradeIntake implements TradeSink {
  /** Reused for every frame: the publisher copies what it is given. */
  private readonly released: SequencedTrade[] = [];

  constructor(
    private readonly sequencers: ReadonlyMap<string, SymbolSequencer>,
    private readonly output: IntakeOutput,
    private readonly metrics: CollectorMetrics,
    private readonly logger: Logger,
  ) {}

  trade(trade: Trade, receivedAt: number, raw: Buffer): void {
    const sequencer = this.sequencers.get(trade.symbol);
    if (sequencer === undefined) {
      this.rejected(raw, { kind: 'invalid', reason: 'invalid-shape', detail: `aggTrade for ${trade.symbol}, a symbol not subscribed`, symbol: trade.symbol }, receivedAt, 'unexpected-symbol');
      return;
    }
    const payload = encodeBinanceTrade(trade, receivedAt);
    if (!(payload instanceof Uint8Array)) {
      this.rejected(raw, payload, receivedAt);
      return;
    }
    const released = this.released;
    released.length = 0;
    const outcome = sequencer.onLive({ id: trade.aggregateId, symbol: trade.symbol, tradeTime: trade.time, receivedAt, payload, source: 'live' }, released);
    if (released.length > 0) this.output.publish(released);
    if (outcome === 'gap') {
      this.metrics.gap(trade.symbol);
      this.logger.info({ symbol: trade.symbol, next: sequencer.next, received: trade.aggregateId }, 'gap in aggregate trade ids; backfilling over REST');
      this.output.backfill(trade.symbol);
    } else if (outcome === 'duplicate') this.metrics.duplicates(trade.symbol, 1);
    else if (outcome === 'overflow') this.metrics.bufferOverflow(trade.symbol);
  }

  rejected(raw: Buffer, rejection: Rejected, receivedAt: number, reason: string = rejection.reason): void {
    this.output.deadLetter({
      reason,
      detail: rejection.detail,
      source: 'binance-ws',
      key: rejection.symbol === undefined ? EXCHANGE : `${EXCHANGE}:${rejection.symbol}`,
      raw,
      receivedAt,
    });
  }
}
