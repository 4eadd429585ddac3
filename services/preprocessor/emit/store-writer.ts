// Writes a partition's candles to the candle store: every final and
// revision, plus the newest partial of each candle still open. Writes go
// out one at a time in order, a batch once enough finals are waiting and
// always before a checkpoint (flush), so a checkpoint never gets ahead of
// the store. The store's upsert is idempotent, so writing a candle again
// after a restart changes nothing.
import type { Candle } from '../../../common/candles/candle.js';
import type { CandleStore } from '../../../common/store/index.js';
import { StoreError } from '../../../common/store/index.js';
import type { Retrying } from '../retrying.js';

/** Finals waiting before a write starts without waiting for the checkpoint. */
const WRITE_AT = 2_000;

const candleKey = (candle: Candle): string => `${candle.exchange}\u0000${candle.symbol}\u0000${candle.interval}\u0000${candle.openTime}`;

/** Failures worth another attempt: the database went away or a statement failed transiently. */
export function isTransientStoreError(error: unknown): boolean {
  return !(error instanceof StoreError) || error.code === 'UNREACHABLE' || error.code === 'QUERY_FAILED';
}

export class StoreWriter {
  private finals: Candle[] = [];
  private partials = new Map<string, Candle>();
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly store: CandleStore,
    private readonly retrying: Retrying,
    private readonly written: (count: number) => void,
  ) {}

  /** Takes a batch of candle updates; writes start once enough finals are waiting. */
  stage(candles: readonly Candle[]): void {
    for (const candle of candles) {
      if (candle.closed) {
        this.finals.push(candle);
        this.partials.delete(candleKey(candle));
      } else {
        this.partials.set(candleKey(candle), candle);
      }
    }
    if (this.finals.length >= WRITE_AT) void this.writeStaged().catch(() => undefined);
  }

  /** Resolves once everything staged so far is written; rejects when a write failed. */
  flush(): Promise<void> {
    return this.writeStaged();
  }

  private writeStaged(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const batch = [...this.finals, ...this.partials.values()];
    this.finals = [];
    this.partials = new Map();
    if (batch.length > 0) {
      this.chain = this.chain.then(async () => {
        if (this.failure !== undefined) throw this.failure;
        try {
          await this.retrying('candle-store-upsert', () => this.store.upsert(batch), isTransientStoreError);
          this.written(batch.length);
        } catch (error) {
          this.failure = error;
          throw error;
        }
      });
    }
    return this.chain;
  }
}
