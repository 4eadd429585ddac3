// A Bus that acknowledges every produce request on the next turn of the
// event loop without sending it anywhere; everything else (topics, offsets,
// the read-back of the last published ids) goes to the bus it wraps. The
// collector benchmark runs the collector on it to measure what the
// collector itself costs per trade, without the Kafka client's share.
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';
import { DelegatingBus } from './delegating-bus.js';

export class DiscardingBus extends DelegatingBus {
  /** Messages acknowledged (and dropped) so far. */
  discarded = 0;

  async producer(): Promise<BusProducer> {
    let closed = false;
    return {
      send: (_topic: string, messages: readonly OutgoingMessage[]) => {
        if (closed) return Promise.reject(new Error('the producer is closed'));
        this.discarded += messages.length;
        return new Promise<void>((resolve) => setImmediate(resolve));
      },
      close: async () => {
        closed = true;
      },
    };
  }
}
