// The bar store of `wick start`: the memory bar store's semantics (claims,
// fencing, deltas), with every checkpoint the preprocessor writes also saved
// in the embedded database together with its trade tail, so that the next
// process on the same data directory resumes from it.
//
// A restart begins with an empty in-process bus, so a saved offset means
// nothing there. restore() therefore puts each partition's trade tail back
// on the new trade topic and hands the preprocessor its saved state at the
// offset right after those messages: the preprocessor reads only trades
// newer than its state, and the collector, reading the tail as the last
// published trades, resumes each symbol right after its last counted trade.
import { MemoryBarStore, type BarStore, type CheckpointWrite, type ClaimResult, type PartitionSlot, type WriteOutcome } from '../../../common/barstore/index.js';
import { partitionForKey, type Bus } from '../../../common/bus/index.js';
import type { Logger } from '../../../common/log/index.js';
import type { SavedPartition, TailMessage } from './checkpoint-table.js';

/** Where checkpoints are saved (checkpoint-table.ts on the embedded database). */
export interface SavedCheckpoints {
  load(): Promise<SavedPartition[]>;
  save(saved: SavedPartition): Promise<void>;
}

/** The last trade of each key below an offset (trade-tail.ts). */
export interface TailReader {
  lastBefore(partition: number, offset: bigint): Promise<TailMessage[]>;
}

export interface DurableBarStoreOptions {
  readonly table: SavedCheckpoints;
  readonly tail: TailReader;
  /** The trade topic and its partition count (fixed in the embedded mode). */
  readonly topic: string;
  readonly partitions: number;
  readonly logger: Logger;
}

interface SlotState {
  meta: string;
  entries: Map<string, string>;
}

const RESTORER = 'wick-start-restore';

export class DurableBarStore implements BarStore {
  private readonly memory = new MemoryBarStore();
  private readonly states = new Map<string, SlotState>();

  constructor(private readonly options: DurableBarStoreOptions) {}

  /** What the previous process saved that this one can restore (same topic, same partitioning). */
  async saved(): Promise<SavedPartition[]> {
    const { topic, partitions, logger } = this.options;
    const saved = (await this.options.table.load()).filter((row) => row.topic === topic);
    const usable = saved.filter((row) => row.partitions === partitions && row.tail.every((message) => partitionForKey(message.key, partitions) === row.partition));
    if (usable.length < saved.length) {
      logger.warn({ saved: saved.length, usable: usable.length, partitions }, 'checkpoints saved with another partitioning are ignored; those symbols start afresh');
    }
    return usable;
  }

  /**
   * Puts the saved state back before the preprocessor starts: the trade
   * tails onto `bus` (whose trade topic must exist and be empty), then each
   * partition's state at the offset right after its tail.
   */
  async restore(bus: Bus, usable: readonly SavedPartition[]): Promise<void> {
    const { topic } = this.options;
    const producer = await bus.producer();
    try {
      const messages = usable.flatMap((row) => row.tail.map((message) => ({ ...message })));
      if (messages.length > 0) await producer.send(topic, messages);
    } finally {
      await producer.close();
    }
    const highs = new Map((await bus.offsets(topic)).map((range) => [range.partition, range.high]));
    for (const row of usable) await this.put(row, highs.get(row.partition) ?? 0n);
  }

  claim(slot: PartitionSlot, owner: string): Promise<ClaimResult> {
    return this.memory.claim(slot, owner);
  }

  async write(slot: PartitionSlot, checkpoint: CheckpointWrite): Promise<WriteOutcome> {
    const outcome = await this.memory.write(slot, checkpoint);
    if (outcome.kind !== 'written') return outcome;
    const state = this.applied(slot, checkpoint);
    // Saved only once written: a fenced or diverged write must never reach the disk.
    const tail = await this.options.tail.lastBefore(slot.partition, checkpoint.offset);
    await this.options.table.save({ ...slot, partitions: this.options.partitions, meta: state.meta, entries: state.entries, tail });
    return outcome;
  }

  ping(): Promise<void> {
    return this.memory.ping();
  }

  /** Forgets what this process holds (not what is saved), as a lost Redis would: tests of state loss. */
  wipe(): void {
    this.memory.wipe();
    this.states.clear();
  }

  close(): Promise<void> {
    return this.memory.close();
  }

  private async put(row: SavedPartition, offset: bigint): Promise<void> {
    const slot: PartitionSlot = { scope: row.scope, topic: row.topic, partition: row.partition };
    const claim = await this.memory.claim(slot, RESTORER);
    const checkpoint: CheckpointWrite = { owner: RESTORER, mode: 'full', expectedSequence: claim.sequence, offset, meta: row.meta, entries: row.entries };
    const outcome = await this.memory.write(slot, checkpoint);
    if (outcome.kind !== 'written') throw new Error(`could not restore ${row.topic}[${row.partition}]: ${outcome.kind}`);
    this.applied(slot, checkpoint);
  }

  /** The slot's whole state after a write, as the memory store now holds it. */
  private applied(slot: PartitionSlot, checkpoint: CheckpointWrite): SlotState {
    const name = `${slot.scope}\u0000${slot.topic}\u0000${slot.partition}`;
    let state = this.states.get(name);
    if (state === undefined || checkpoint.mode === 'full') {
      state = { meta: checkpoint.meta, entries: new Map() };
      this.states.set(name, state);
    }
    state.meta = checkpoint.meta;
    for (const [key, value] of checkpoint.entries) state.entries.set(key, value);
    return state;
  }
}
