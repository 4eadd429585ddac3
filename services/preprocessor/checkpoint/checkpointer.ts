// Checkpoints one partition: the state as of offset O goes to the bar store
// only after every candle and dead letter produced by the messages below O
// was acknowledged by Kafka and the candle store, and O is committed to
// Kafka only after the bar store took the checkpoint. So whatever point a
// crash hits, the checkpoint restored next is one whose effects are all
// durable, and replaying from its offset rebuilds exactly the same state.
import type { BarStore, PartitionSlot, WriteOutcome } from '../../../common/barstore/index.js';
import type { PartitionSnapshot } from '../processing/partition-engines.js';
import type { Retrying } from '../retrying.js';

/** Another owner claimed the partition's slot: this member must let go of the partition. */
export class FencedError extends Error {
  override readonly name = 'FencedError';
}

export interface CheckpointSource {
  /** The next offset to read: the state reflects every message below it. */
  readonly nextOffset: bigint;
  snapshot(mode: 'full' | 'dirty'): PartitionSnapshot;
  /** Resolves once everything emitted so far is durable (Kafka and the candle store). */
  durable(): Promise<void>;
}

export interface CheckpointReport {
  readonly offset: bigint;
  readonly mode: 'full' | 'delta';
  readonly entries: number;
  readonly bytes: number;
}

export class Checkpointer {
  private sequence: number;
  private full: boolean;

  constructor(
    private readonly slot: PartitionSlot,
    private readonly owner: string,
    private readonly barStore: BarStore,
    private readonly retrying: Retrying,
    start: { readonly sequence: number; readonly fullFirst: boolean },
  ) {
    this.sequence = start.sequence;
    this.full = start.fullFirst;
  }

  /** Writes the source's state (the changes, or all of it when the store needs that) and returns what was written. */
  async write(source: CheckpointSource): Promise<CheckpointReport> {
    const mode = this.full ? 'full' : 'delta';
    const offset = source.nextOffset;
    const snapshot = source.snapshot(this.full ? 'full' : 'dirty');
    // Until this write succeeds, the changes it carries exist nowhere else.
    this.full = true;
    await source.durable();
    let report = { offset, mode, ...sizeOf(snapshot) } as CheckpointReport;
    let outcome = await this.put(mode, offset, snapshot);
    if (outcome.kind === 'diverged') {
      // The slot vanished (Redis lost it) or lost writes (failover): write the whole state, as of now.
      const fullOffset = source.nextOffset;
      const whole = source.snapshot('full');
      await source.durable();
      report = { offset: fullOffset, mode: 'full', ...sizeOf(whole) };
      outcome = await this.put('full', fullOffset, whole);
    }
    if (outcome.kind === 'fenced') throw new FencedError(`another owner claimed ${this.slot.topic}[${this.slot.partition}]`);
    if (outcome.kind !== 'written') throw new Error(`the bar store refused a full checkpoint of ${this.slot.topic}[${this.slot.partition}]`);
    this.sequence = outcome.sequence;
    this.full = false;
    return report;
  }

  private put(mode: 'full' | 'delta', offset: bigint, snapshot: PartitionSnapshot): Promise<WriteOutcome> {
    return this.retrying('bar-store-checkpoint', () =>
      this.barStore.write(this.slot, { owner: this.owner, mode, expectedSequence: this.sequence, offset, meta: snapshot.meta, entries: snapshot.entries }),
    );
  }
}

function sizeOf(snapshot: PartitionSnapshot): { entries: number; bytes: number } {
  let bytes = snapshot.meta.length;
  for (const [name, state] of snapshot.entries) bytes += name.length + state.length;
  return { entries: snapshot.entries.size, bytes };
}
