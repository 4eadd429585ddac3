// The base of the test and bench buses that change only how produce
// requests behave: topics, consumers, offsets and close go to the bus they
// wrap unchanged.
import type { Bus, BusConsumer, BusProducer, ConsumerOptions, PartitionRange, TopicSpec } from '../../../common/bus/index.js';

export abstract class DelegatingBus implements Bus {
  constructor(protected readonly inner: Bus) {}

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

  abstract producer(): Promise<BusProducer>;
}
