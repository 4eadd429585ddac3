// A Bus that delegates to another and can make produce requests to one
// topic fail: before the write (nothing lands) or after it (it landed but the
// acknowledgement was lost, the ambiguous case an idempotent producer's
// retries cannot settle across a new producer).
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';
import { DelegatingBus } from './delegating-bus.js';

export type FailureMode = 'before-write' | 'after-write';

export class FlakyBus extends DelegatingBus {
  private failures: Array<{ readonly topic: string; readonly mode: FailureMode; readonly afterSends: number }> = [];
  private readonly sendCounts = new Map<string, number>();
  /** Failures injected so far. */
  failed = 0;

  /** The send to `topic` after `afterSends` more successful ones fails with `mode`. */
  failSend(topic: string, mode: FailureMode, afterSends = 0): void {
    this.failures.push({ topic, mode, afterSends: (this.sendCounts.get(topic) ?? 0) + afterSends });
  }

  async producer(): Promise<BusProducer> {
    const producer = await this.inner.producer();
    return {
      send: (topic, messages) => this.send(producer, topic, messages),
      close: () => producer.close(),
    };
  }

  private async send(producer: BusProducer, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const count = this.sendCounts.get(topic) ?? 0;
    const failure = this.failures.find((entry) => entry.topic === topic && entry.afterSends <= count);
    if (failure === undefined) {
      await producer.send(topic, messages);
      this.sendCounts.set(topic, count + 1);
      return;
    }
    this.failures = this.failures.filter((entry) => entry !== failure);
    this.failed += 1;
    if (failure.mode === 'after-write') await producer.send(topic, messages);
    throw new Error(`injected produce failure (${failure.mode}) on ${topic}`);
  }
}
