// Sends to one topic in order with one produce request in flight: what
// arrives while a request is out is merged into the next one, so a busy
// partition produces few large requests instead of many small ones. Each
// caller learns when its own messages are acknowledged. After a failed
// request nothing more is sent (a later request could overtake the failed
// one): the owner must start over from its last checkpoint.
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';

/** kafkajs groups a request's messages per partition in time quadratic in their number; beyond this, split. */
const MAX_MESSAGES_PER_REQUEST = 1_000;

interface Waiting {
  readonly messages: readonly OutgoingMessage[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class OrderedSender {
  private queue: Waiting[] = [];
  private queued = 0;
  private inFlight: Promise<void> | undefined;
  private failure: unknown;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: BusProducer,
    private readonly topic: string,
  ) {}

  /** Messages waiting or in flight. */
  get backlog(): number {
    return this.queued;
  }

  /** A request failed: this sender sends nothing more. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Resolves once these messages (and all sent before them) are acknowledged. */
  send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (messages.length === 0) return this.last;
    const acknowledged = new Promise<void>((resolve, reject) => this.queue.push({ messages, resolve, reject }));
    this.queued += messages.length;
    // Observed here so a failure nobody awaits yet is not an unhandled rejection; callers see it too.
    acknowledged.catch(() => undefined);
    this.last = acknowledged;
    this.pump();
    return acknowledged;
  }

  /** Resolves when everything sent so far is acknowledged; rejects after a failure. */
  drained(): Promise<void> {
    return this.failure !== undefined ? Promise.reject(this.failure) : this.last;
  }

  private pump(): void {
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const messages = batch.flatMap((waiting) => waiting.messages);
    this.inFlight = this.sendAll(messages).then(
      () => {
        this.queued -= messages.length;
        for (const waiting of batch) waiting.resolve();
      },
      (error: unknown) => {
        this.failure = error;
        for (const waiting of [...batch, ...this.queue]) waiting.reject(error);
        this.queue = [];
        this.queued = 0;
      },
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      if (this.failure === undefined) this.pump();
    });
  }

  private async sendAll(messages: readonly OutgoingMessage[]): Promise<void> {
    // One chunk at a time: a chunk queued behind a failed one would still go out, out of order.
    for (let start = 0; start < messages.length; start += MAX_MESSAGES_PER_REQUEST) {
      await this.producer.send(this.topic, messages.slice(start, start + MAX_MESSAGES_PER_REQUEST));
    }
  }
}
