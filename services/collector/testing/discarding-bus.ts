// A Bus that acknowledges every produce request on the next turn of the
// event loop without sending it anywhere; everything else (topics, offsets,
// the read-back of the last published ids) goes to the bus it wraps. The
// collector benchmark runs the collector on it to measure what the
// collector itself costs per trade, without the Kafka client's share.
import type { Bus, BusConsumer, BusProducer, ConsumerOptions, OutgoingMessage, PartitionRange, TopicSpec } from '../../../common/bus/index.js';

export class DiscardingBus implements Bus {
  /** Messages acknowledged (and dropped) so far. */
  discarded = 0;

  constructor(private readonly inner: Bus) {}

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return this.inner.createTopics(topics);
  }

  deleteTopics(topics: readonly string[]): Promise<void> {
    return this.inner.deleteTopics(topics);
  }

  consumer(options: ConsumerOptions): BusConsumer {
    return this.inner.consumer(options);
  }

  offsets(topic: string): Promise<readonly PartitionRange[]> {
    return this.inner.offsets(topic);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

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
