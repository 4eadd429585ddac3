// The bar store of the embedded mode: the same semantics as Redis, kept in
// this process's memory. Every operation completes synchronously inside one
// call, which makes it as atomic as the Redis scripts.
import type { BarStore, CheckpointWrite, ClaimResult, PartitionSlot, WriteOutcome } from './bar-store.js';
import { slotName } from './slot-name.js';

interface StoredSlot {
  owner: string;
  epoch: number;
  sequence: number;
  offset: bigint | undefined;
  meta: string;
  entries: Map<string, string>;
}

export class MemoryBarStore implements BarStore {
  private readonly slots = new Map<string, StoredSlot>();
  private closed = false;

  async claim(slot: PartitionSlot, owner: string): Promise<ClaimResult> {
    this.requireOpen();
    const name = slotName(slot);
    let stored = this.slots.get(name);
    if (stored === undefined) {
      stored = { owner, epoch: 0, sequence: 0, offset: undefined, meta: '', entries: new Map() };
      this.slots.set(name, stored);
    }
    stored.owner = owner;
    stored.epoch += 1;
    const { epoch, sequence } = stored;
    if (stored.offset === undefined) return { kind: 'empty', epoch, sequence };
    return { kind: 'restored', epoch, sequence, checkpoint: { offset: stored.offset, meta: stored.meta, entries: new Map(stored.entries) } };
  }

  async write(slot: PartitionSlot, checkpoint: CheckpointWrite): Promise<WriteOutcome> {
    this.requireOpen();
    const name = slotName(slot);
    let stored = this.slots.get(name);
    if (stored === undefined) {
      if (checkpoint.mode === 'delta') return { kind: 'diverged', reason: 'missing' };
      stored = { owner: checkpoint.owner, epoch: 0, sequence: 0, offset: undefined, meta: '', entries: new Map() };
      this.slots.set(name, stored);
    } else if (stored.owner !== checkpoint.owner) {
      return { kind: 'fenced' };
    } else if (checkpoint.mode === 'delta' && stored.sequence !== checkpoint.expectedSequence) {
      return { kind: 'diverged', reason: 'sequence' };
    }
    if (checkpoint.mode === 'full') stored.entries = new Map();
    for (const [key, value] of checkpoint.entries) stored.entries.set(key, value);
    stored.offset = checkpoint.offset;
    stored.meta = checkpoint.meta;
    stored.sequence += 1;
    return { kind: 'written', sequence: stored.sequence };
  }

  /** Forgets every slot, as a Redis FLUSHALL would (tests of state loss). */
  wipe(): void {
    this.slots.clear();
  }

  async ping(): Promise<void> {
    this.requireOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private requireOpen(): void {
    if (this.closed) throw new Error('the bar store is closed');
  }
}
