// What one stream has yet to send, bounded, with conflation: a partial update
// replaces the stream's unsent partial of the same subscription (same or
// older candle), and a final removes an unsent partial of its candle, since
// the final supersedes it. Finals are never dropped: a stream whose queue
// outgrows its capacity anyway is too slow and gets cut by its owner.
import type { LiveCandle } from '../live/live-candle.js';

export interface CandleItem {
  readonly kind: 'candle';
  readonly subscription: number;
  candle: LiveCandle;
  /** Part of the subscription's requested history (counted apart in metrics). */
  readonly history: boolean;
  readonly enqueuedAt: number;
  dead: boolean;
}

export interface MarkerItem {
  readonly kind: 'history-complete';
  readonly subscription: number;
  readonly enqueuedAt: number;
  dead: boolean;
}

export type OutboundItem = CandleItem | MarkerItem;

export type PushOutcome = 'queued' | 'conflated' | 'overflow';

const COMPACT_AFTER = 1_024;

export class OutboundQueue {
  private items: OutboundItem[] = [];
  private head = 0;
  private live = 0;
  private readonly unsentPartials = new Map<number, CandleItem>();

  constructor(private readonly capacity: number) {}

  /** Items waiting to be sent. */
  get size(): number {
    return this.live;
  }

  pushCandle(subscription: number, candle: LiveCandle, history: boolean, now: number): PushOutcome {
    const unsent = this.unsentPartials.get(subscription);
    if (unsent !== undefined && unsent.candle.openTime <= candle.openTime) {
      if (!candle.closed) {
        unsent.candle = candle;
        return 'conflated';
      }
      unsent.dead = true;
      this.live -= 1;
      this.unsentPartials.delete(subscription);
    }
    const item: CandleItem = { kind: 'candle', subscription, candle, history, enqueuedAt: now, dead: false };
    if (!candle.closed) this.unsentPartials.set(subscription, item);
    this.append(item);
    if (this.live > this.capacity) return 'overflow';
    return unsent?.dead === true ? 'conflated' : 'queued';
  }

  pushMarker(subscription: number, now: number): PushOutcome {
    this.append({ kind: 'history-complete', subscription, enqueuedAt: now, dead: false });
    return this.live > this.capacity ? 'overflow' : 'queued';
  }

  shift(): OutboundItem | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head] as OutboundItem;
      this.head += 1;
      if (item.dead) continue;
      this.live -= 1;
      if (item.kind === 'candle' && this.unsentPartials.get(item.subscription) === item) this.unsentPartials.delete(item.subscription);
      this.compact();
      return item;
    }
    this.compact();
    return undefined;
  }

  /** When the oldest unsent item was queued, undefined when none waits. */
  oldestEnqueuedAt(): number | undefined {
    for (let index = this.head; index < this.items.length; index += 1) {
      const item = this.items[index] as OutboundItem;
      if (!item.dead) return item.enqueuedAt;
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.live = 0;
    this.unsentPartials.clear();
  }

  private append(item: OutboundItem): void {
    this.items.push(item);
    this.live += 1;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > COMPACT_AFTER && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
