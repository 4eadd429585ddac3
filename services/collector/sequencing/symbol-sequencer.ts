// Exactly once and in order, for one symbol. Binance's aggregate trade ids
// are contiguous per symbol, so the sequencer only has to know the next id
// to hand to the publisher: a smaller id is a duplicate (two connections
// overlap during a rotation; REST and the stream overlap after a gap), a
// larger one is a gap, held in a buffer while REST fetches what lies before
// it. Pure: no I/O and no clock; the caller passes trades in and takes the
// trades to publish out, in order.
//
// Restoring: until the caller knows the last id already in Kafka (at
// start-up, and after a failed produce), every live trade is buffered.
import type { SequencedTrade } from './sequenced-trade.js';
import { TradeBuffer } from './trade-buffer.js';

/** What a live trade did: published (possibly with buffered ones after it), or held, or dropped. */
export type LiveOutcome =
  | 'published'
  | 'duplicate'
  /** The first trade beyond a gap: the caller starts a backfill. */
  | 'gap'
  /** Held behind a gap already known, or while restoring. */
  | 'buffered'
  /** The buffer is full; the trade is dropped and will come from REST. */
  | 'overflow';

export interface RestOutcome {
  /** Trades of the page handed out, buffered live trades that followed them included. */
  readonly published: number;
  /** True when the page skips the next id: REST does not have it (see skipTo). */
  readonly missingNext: boolean;
}

export class SymbolSequencer {
  private nextId: number | undefined;
  /** The first id this process ever handed out: where to start again if none of it reached Kafka. */
  private firstHandedOut: number | undefined;
  private restoring = true;
  private readonly buffer: TradeBuffer<SequencedTrade>;

  constructor(
    readonly symbol: string,
    maxBuffered: number,
  ) {
    this.buffer = new TradeBuffer(maxBuffered);
  }

  /** The next id to publish; undefined before the first trade of a symbol never seen in Kafka. */
  get next(): number | undefined {
    return this.nextId;
  }

  get isRestoring(): boolean {
    return this.restoring;
  }

  /** Live trades are waiting behind missing ids. */
  get hasGap(): boolean {
    return !this.restoring && this.buffer.size > 0;
  }

  /** The first buffered id: a backfill is complete when the next id reaches it. */
  get gapEnd(): number | undefined {
    return this.hasGap ? this.buffer.first()?.id : undefined;
  }

  get buffered(): number {
    return this.buffer.size;
  }

  /** From now on buffer every live trade until restore(); what was handed out before may be lost. */
  beginRestore(): void {
    this.restoring = true;
  }

  /**
   * Resumes after the last id Kafka holds for this symbol (undefined: none).
   * Appends the buffered trades that now follow on to `out`.
   */
  restore(lastPublishedId: number | undefined, out: SequencedTrade[]): void {
    this.restoring = false;
    if (lastPublishedId !== undefined) this.nextId = lastPublishedId + 1;
    // Nothing in Kafka: begin again where this process first began, or,
    // on a first start, with the first live trade.
    else this.nextId = this.firstHandedOut ?? this.buffer.first()?.id;
    this.drain(out);
  }

  onLive(trade: SequencedTrade, out: SequencedTrade[]): LiveOutcome {
    if (this.restoring) return this.hold(trade, 'buffered');
    this.nextId ??= trade.id;
    if (trade.id < this.nextId) return 'duplicate';
    if (trade.id === this.nextId) {
      this.handOut(trade, out);
      this.drain(out);
      return 'published';
    }
    return this.hold(trade, this.buffer.size === 0 ? 'gap' : 'buffered');
  }

  /** A page of GET /api/v3/aggTrades?fromId=next, ascending. Ignored while restoring. */
  onRest(page: readonly SequencedTrade[], out: SequencedTrade[]): RestOutcome {
    if (this.restoring || this.nextId === undefined) return { published: 0, missingNext: false };
    const before = out.length;
    let missingNext = false;
    for (const trade of page) {
      // The stream's copy of an id wins over REST's: it carries the live receive time.
      this.drain(out);
      if (trade.id < this.nextId) continue;
      if (trade.id > this.nextId) {
        missingNext = true;
        break;
      }
      this.handOut(trade, out);
    }
    this.drain(out);
    return { published: out.length - before, missingNext };
  }

  /**
   * Gives up on the ids from next up to `id` (exclusive): neither REST nor the
   * stream has them. Returns how many ids were skipped.
   */
  skipTo(id: number, out: SequencedTrade[]): number {
    if (this.restoring || this.nextId === undefined || id <= this.nextId) return 0;
    const skipped = id - this.nextId;
    this.nextId = id;
    this.drain(out);
    return skipped;
  }

  private hold(trade: SequencedTrade, outcome: 'gap' | 'buffered'): LiveOutcome {
    const inserted = this.buffer.insert(trade);
    if (inserted === 'inserted') return outcome;
    return inserted;
  }

  private handOut(trade: SequencedTrade, out: SequencedTrade[]): void {
    out.push(trade);
    this.firstHandedOut ??= trade.id;
    this.nextId = trade.id + 1;
  }

  /** Hands out buffered trades that follow on from next; drops buffered ids already handed out. */
  private drain(out: SequencedTrade[]): void {
    for (let first = this.buffer.first(); first !== undefined && this.nextId !== undefined; first = this.buffer.first()) {
      if (first.id > this.nextId) return;
      this.buffer.shift();
      if (first.id === this.nextId) this.handOut(first, out);
    }
  }
}
