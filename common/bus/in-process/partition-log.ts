// One partition of an in-process topic: an append-only log in memory with
// Kafka's offset arithmetic (low = earliest retained, high = next to write)
// and retention applied on append, so no timer is needed to enforce it.

import type { BusMessage, Headers } from '../bus.js';

export interface Retention {
  /** Drop messages appended longer ago than this (Kafka's retention.ms, by append time). */
  readonly maxAgeMs?: number;
  /** Keep at most about this many key and value bytes (Kafka's retention.bytes). */
  readonly maxBytes?: number;
}

export interface AppendedMessage {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Headers;
  readonly timestamp: number;
}

// Trimmed entries are dropped from the front lazily: the arrays are sliced
// only once the dead prefix is both large and most of the array.
const COMPACT_AFTER = 4_096;

export class PartitionLog {
  private messages: BusMessage[] = [];
  private appendedAt: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  private lowOffset = 0n;
  private retainedBytes = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly retention: Retention,
  ) {}

  get low(): bigint {
    return this.lowOffset;
  }

  get high(): bigint {
    return this.lowOffset + BigInt(this.messages.length - this.head);
  }

  append(message: AppendedMessage, now: number): BusMessage {
    const stored: BusMessage = { topic: this.topic, partition: this.partition, offset: this.high, ...message };
    const size = message.value.byteLength + message.key.length;
    this.messages.push(stored);
    this.appendedAt.push(now);
    this.sizes.push(size);
    this.retainedBytes += size;
    this.trim(now);
    return stored;
  }

  /** Up to `max` messages from offset `from`, which must lie within [low, high]. */
  read(from: bigint, max: number): BusMessage[] {
    if (from < this.lowOffset || from > this.high) {
      throw new RangeError(`offset ${from} is outside ${this.topic}[${this.partition}] (${this.lowOffset}..${this.high})`);
    }
    const start = this.head + Number(from - this.lowOffset);
    return this.messages.slice(start, Math.min(start + max, this.messages.length));
  }

  /** The earliest retained offset whose message timestamp is at or after `timestampMs`, else `high` (Kafka's ListOffsets by time). */
  offsetForTime(timestampMs: number): bigint {
    for (let index = this.head; index < this.messages.length; index++) {
      if (this.messages[index]!.timestamp >= timestampMs) return this.lowOffset + BigInt(index - this.head);
    }
    return this.high;
  }

  /** Calls `listener` once, on the next append; returns a function that cancels it. */
  onNextAppend(listener: () => void): () => void {
    const once = (): void => {
      this.listeners.delete(once);
      listener();
    };
    this.listeners.add(once);
    return () => this.listeners.delete(once);
  }

  /** Wakes the waiting readers after a batch of appends. */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  // The newest message always stays, as Kafka never deletes the active segment.
  private trim(now: number): void {
    const { maxAgeMs, maxBytes } = this.retention;
    while (this.head < this.messages.length - 1) {
      const tooOld = maxAgeMs !== undefined && this.appendedAt[this.head]! < now - maxAgeMs;
      const tooBig = maxBytes !== undefined && this.retainedBytes > maxBytes;
      if (!tooOld && !tooBig) break;
      this.retainedBytes -= this.sizes[this.head]!;
      this.head += 1;
      this.lowOffset += 1n;
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.appendedAt = this.appendedAt.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }
}
