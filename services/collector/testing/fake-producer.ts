// A BusProducer whose sends the test acknowledges or fails one at a time, to
// check what the publisher sends when, and in which order.
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';

export interface PendingSend {
  readonly topic: string;
  readonly messages: readonly OutgoingMessage[];
  ack(): void;
  fail(error: Error): void;
}

export class FakeProducer implements BusProducer {
  readonly sends: PendingSend[] = [];
  closed = false;

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sends.push({ topic, messages, ack: () => resolve(), fail: (error) => reject(error) });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Settles the oldest unsettled send. */
  next(): PendingSend {
    const send = this.sends.shift();
    if (send === undefined) throw new Error('no send is pending');
    return send;
  }
}
