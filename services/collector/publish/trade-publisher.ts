// Sends sequenced trades to Kafka in batches, one batch in flight at a
// time. Order: trades leave in the order they were enqueued, and the next
// batch is sent only after the previous one was acknowledged, so a failed
// batch can never be overtaken by a later one (the bus producer would run a
// queued send even after an earlier one failed). Batching: while a batch is
// in flight the next one fills up, so the batch size follows the load with
// no added latency when idle; `lingerMs` can trade latency for bigger
// batches. After a failure nothing more is sent: the owner replaces the
// publisher and re-reads from Kafka what actually landed.
import type { BusProducer, OutgoingMessage } from '../../../common/bus/index.js';
import type { SequencedTrade } from '../sequencing/sequenced-trade.js';

export interface PublisherOptions {
  readonly topic: string;
  /** The key is `${exchange}:${symbol}`. */
  readonly exchange: string;
  readonly maxBatchMessages: number;
  /** Wait this long for more trades before sending a batch that is not full; 0 sends at once. */
  readonly lingerMs: number;
  /** Above this many queued trades intake should pause; below half of it, resume. */
  readonly highWaterMark: number;
}

export interface PublisherEvents {
  /** Kafka acknowledged these trades (in order) at `ackedAt`. */
  acked(trades: readonly SequencedTrade[], ackedAt: number): void;
  /** A send failed: the publisher has stopped; queued and in-flight trades are abandoned. */
  failed(error: unknown, abandoned: number): void;
  /** True when the queue passed the high-water mark, false when it drained below half. */
  backpressure(paused: boolean): void;
}

export class TradePublisher {
  private queue: SequencedTrade[] = [];
  private head = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private state: 'running' | 'failed' | 'abandoned' = 'running';
  private pausedIntake = false;
  private readonly keys = new Map<string, string>();
  private readonly idle: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private failure: unknown;

  constructor(
    private readonly producer: BusProducer,
    private readonly options: PublisherOptions,
    private readonly events: PublisherEvents,
  ) {}

  /** Trades waiting or in flight. */
  get pending(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  get healthy(): boolean {
    return this.state === 'running';
  }

  enqueue(trades: readonly SequencedTrade[]): void {
    if (this.state !== 'running' || trades.length === 0) return;
    for (const trade of trades) this.queue.push(trade);
    if (!this.pausedIntake && this.pending > this.options.highWaterMark) {
      this.pausedIntake = true;
      this.events.backpressure(true);
    }
    this.schedule();
  }

  /** Resolves once everything enqueued so far is acknowledged; rejects if a send fails. */
  flush(): Promise<void> {
    if (this.state === 'failed') return Promise.reject(this.failure);
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idle.push({ resolve, reject }));
  }

  /** Stops for good without sending what is queued (after a failure, or at a forced exit). */
  abandon(): void {
    if (this.state === 'running') this.state = 'abandoned';
    this.clearTimer();
    this.queue = [];
    this.head = 0;
    const reason = this.state === 'failed' ? this.failure : new Error('the publisher was abandoned with trades unsent');
    for (const waiter of this.idle.splice(0)) waiter.reject(reason);
  }

  private schedule(): void {
    if (this.inFlight > 0 || this.timer !== undefined || this.state !== 'running' || this.pending === 0) return;
    const full = this.queue.length - this.head >= this.options.maxBatchMessages;
    // setImmediate: frames parsed from one socket read all join the batch.
    if (full || this.options.lingerMs === 0) this.timer = setImmediate(() => this.sendBatch());
    else this.timer = setTimeout(() => this.sendBatch(), this.options.lingerMs);
  }

  private sendBatch(): void {
    this.timer = undefined;
    if (this.state !== 'running') return;
    const end = Math.min(this.queue.length, this.head + this.options.maxBatchMessages);
    const batch = this.queue.slice(this.head, end);
    this.head = end;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    this.inFlight = batch.length;
    const messages: OutgoingMessage[] = batch.map((trade) => ({ key: this.keyOf(trade.symbol), value: trade.payload }));
    this.producer.send(this.options.topic, messages).then(
      () => this.onAcked(batch),
      (error: unknown) => this.onFailed(error),
    );
  }

  private onAcked(batch: readonly SequencedTrade[]): void {
    this.inFlight = 0;
    if (this.state === 'abandoned') return;
    this.events.acked(batch, Date.now());
    if (this.pausedIntake && this.pending <= this.options.highWaterMark / 2) {
      this.pausedIntake = false;
      this.events.backpressure(false);
    }
    if (this.pending === 0) this.settleIdle();
    else this.schedule();
  }

  private onFailed(error: unknown): void {
    const abandoned = this.pending;
    this.inFlight = 0;
    if (this.state !== 'running') return;
    this.state = 'failed';
    this.failure = error;
    this.abandon();
    this.events.failed(error, abandoned);
  }

  private settleIdle(): void {
    for (const waiter of this.idle.splice(0)) waiter.resolve();
  }

  private keyOf(symbol: string): string {
    let key = this.keys.get(symbol);
    if (key === undefined) {
      key = `${this.options.exchange}:${symbol}`;
      this.keys.set(symbol, key);
    }
    return key;
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }
}
