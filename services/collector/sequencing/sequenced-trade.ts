// One aggregate trade on its way to Kafka: already validated and encoded
// (a frame that fails validation never gets this far), with what the
// sequencer needs to order it and what the metrics need after the ack.

export type TradeSource = 'live' | 'rest';

export interface SequencedTrade {
  /** Binance aggregate trade id: contiguous per symbol, the sequencing key. */
  readonly id: number;
  readonly symbol: string;
  /** Exchange trade time (ms), the start of the exchange-to-ack latency. */
  readonly tradeTime: number;
  /** When the collector received it (ms): the start of its own receive-to-ack latency. */
  readonly receivedAt: number;
  /** The encoded wick.v1.Trade. */
  readonly payload: Uint8Array;
  /** From the WebSocket stream or from a REST backfill. */
  readonly source: TradeSource;
}
