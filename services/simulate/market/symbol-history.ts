// The published trades of one symbol, oldest first, as the REST endpoints
// see them. Stored in columns, a chunk at a time, so a million trades cost
// a few typed arrays rather than a million objects; past the retention
// limit the oldest chunk is forgotten. Ids increase and times never go
// back (checked when the recording is scanned), so both are searched by
// bisection.
import type { TradeKind } from '../recording/summary.js';
import type { SimTrade } from './sim-trade.js';

const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

class Chunk {
  readonly aggregateId = new Float64Array(CHUNK_SIZE);
  readonly firstTradeId = new Float64Array(CHUNK_SIZE);
  readonly lastTradeId = new Float64Array(CHUNK_SIZE);
  readonly time = new Float64Array(CHUNK_SIZE);
  readonly buyerIsMaker = new Uint8Array(CHUNK_SIZE);
  readonly price: string[] = [];
  readonly quantity: string[] = [];
}

export class SymbolHistory {
  private readonly chunks: Chunk[] = [];
  /** Trades held: chunks are full but the last. */
  private count = 0;

  constructor(
    readonly symbol: string,
    readonly kind: TradeKind,
    /** Trades kept; at least one chunk more may be held until a whole chunk can go. */
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.count;
  }

  append(trade: SimTrade): void {
    const slot = this.count & CHUNK_MASK;
    if (slot === 0) this.chunks.push(new Chunk());
    const chunk = this.chunks[this.chunks.length - 1] as Chunk;
    chunk.aggregateId[slot] = trade.aggregateId;
    chunk.firstTradeId[slot] = trade.firstTradeId;
    chunk.lastTradeId[slot] = trade.lastTradeId;
    chunk.time[slot] = trade.time;
    chunk.buyerIsMaker[slot] = trade.buyerIsMaker ? 1 : 0;
    chunk.price[slot] = trade.price;
    chunk.quantity[slot] = trade.quantity;
    this.count++;
    if (this.count - CHUNK_SIZE >= this.limit) {
      this.chunks.shift();
      this.count -= CHUNK_SIZE;
    }
  }

  /** The trade at `index` (0 = oldest held). */
  at(index: number): SimTrade {
    const chunk = this.chunks[index >>> CHUNK_BITS] as Chunk;
    const slot = index & CHUNK_MASK;
    return {
      symbol: this.symbol,
      kind: this.kind,
      aggregateId: chunk.aggregateId[slot] as number,
      firstTradeId: chunk.firstTradeId[slot] as number,
      lastTradeId: chunk.lastTradeId[slot] as number,
      price: chunk.price[slot] as string,
      quantity: chunk.quantity[slot] as string,
      time: chunk.time[slot] as number,
      buyerIsMaker: chunk.buyerIsMaker[slot] === 1,
    };
  }

  last(): SimTrade | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  timeAt(index: number): number {
    return (this.chunks[index >>> CHUNK_BITS] as Chunk).time[index & CHUNK_MASK] as number;
  }

  aggregateIdAt(index: number): number {
    return (this.chunks[index >>> CHUNK_BITS] as Chunk).aggregateId[index & CHUNK_MASK] as number;
  }

  /** Index of the first trade with aggregate id >= id (size when none). */
  indexOfId(id: number): number {
    return this.lowerBound((index) => this.aggregateIdAt(index) < id);
  }

  /** Index of the first trade at or after `time` (size when none). */
  indexOfTime(time: number): number {
    return this.lowerBound((index) => this.timeAt(index) < time);
  }

  /** Index of the first trade after `time` (size when none). */
  indexAfterTime(time: number): number {
    return this.lowerBound((index) => this.timeAt(index) <= time);
  }

  /** First index for which `before` is false; `before` must hold for a prefix of the trades. */
  private lowerBound(before: (index: number) => boolean): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(middle)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
