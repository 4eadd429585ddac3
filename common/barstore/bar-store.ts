// Where a stateful consumer keeps the state of each Kafka partition it owns
// (the preprocessor: its partial bars) together with the offset that state
// belongs to, so a restart or the next owner resumes exactly there. Redis in
// production (redis-bar-store.ts), memory in the embedded mode
// (memory-bar-store.ts); both pass bar-store.contract.ts.
//
// The store knows nothing of candles: a checkpoint is an offset, one opaque
// partition-level string and opaque entries by name (one per symbol), all
// written atomically. Writes are fenced: only the owner that claimed the
// partition last may write, so a stale owner that lost the partition in a
// rebalance cannot overwrite the checkpoint of the new one.

/** One partition's checkpoint slot; `scope` separates consumers (e.g. the consumer group). */
export interface PartitionSlot {
  readonly scope: string;
  readonly topic: string;
  readonly partition: number;
}

export interface Checkpoint {
  /** The next offset to read: the state reflects every message below it. */
  readonly offset: bigint;
  /** Opaque partition-level state (the caller's encoding). */
  readonly meta: string;
  /** Opaque states by name (the caller's encoding), e.g. one per symbol. */
  readonly entries: ReadonlyMap<string, string>;
}

export type ClaimResult =
  /** The slot holds a checkpoint: restore it and resume at its offset. */
  | { readonly kind: 'restored'; readonly checkpoint: Checkpoint; readonly epoch: number; readonly sequence: number }
  /** Nothing was ever written here (or it was lost): the caller decides how to start. */
  | { readonly kind: 'empty'; readonly epoch: number; readonly sequence: number };

export interface CheckpointWrite {
  /** The token this owner claimed the slot with. */
  readonly owner: string;
  /**
   * delta: `entries` holds only the entries changed since this owner's last
   * write, which must still be the slot's latest (`expectedSequence`).
   * full: `entries` is the whole state and replaces what the slot held; it
   * also recreates a slot that vanished (Redis flushed) unless another owner
   * claimed it meanwhile.
   */
  readonly mode: 'delta' | 'full';
  /** For delta writes: the sequence returned by this owner's claim or last write. */
  readonly expectedSequence: number;
  readonly offset: bigint;
  readonly meta: string;
  readonly entries: ReadonlyMap<string, string>;
}

export type WriteOutcome =
  | { readonly kind: 'written'; readonly sequence: number }
  /** Another owner claimed the slot: this one must stop writing it. */
  | { readonly kind: 'fenced' }
  /**
   * A delta could not apply: the slot vanished or no longer holds this
   * owner's last write (a failover lost writes). Nothing was written; write
   * the full state instead.
   */
  | { readonly kind: 'diverged'; readonly reason: 'missing' | 'sequence' };

export interface BarStore {
  /**
   * Takes the slot over for `owner` (a token unique to this claim): from now
   * on writes by any other owner are fenced. Returns the checkpoint the slot
   * holds, read in the same atomic step, and the claim's epoch (a count of
   * claims, for logs).
   */
  claim(slot: PartitionSlot, owner: string): Promise<ClaimResult>;
  /** Writes a checkpoint atomically: all of it or nothing. */
  write(slot: PartitionSlot, checkpoint: CheckpointWrite): Promise<WriteOutcome>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
