import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../common/bus/index.js';
import { barStoreContract } from '../../../common/barstore/bar-store.contract.js';
import { silentLogger } from '../../../common/log/index.js';
import type { SavedPartition, TailMessage } from './checkpoint-table.js';
import { DurableBarStore, type SavedCheckpoints, type TailReader } from './durable-bar-store.js';

const TOPIC = 'wick.trades.v1';

/** Saved rows by partition, as the checkpoint table keeps them (one row per partition, replaced whole). */
class FakeTable implements SavedCheckpoints {
  readonly rows = new Map<string, SavedPartition>();
  async load(): Promise<SavedPartition[]> {
    return [...this.rows.values()];
  }
  async save(saved: SavedPartition): Promise<void> {
    this.rows.set(`${saved.scope}/${saved.topic}/${saved.partition}`, { ...saved, entries: new Map(saved.entries) });
  }
}

const tailOf = (messages: Record<number, TailMessage[]>): TailReader => ({ lastBefore: async (partition) => messages[partition] ?? [] });
const open = (table = new FakeTable(), tail: TailReader = tailOf({})) =>
  new DurableBarStore({ table, tail, topic: TOPIC, partitions: 4, logger: silentLogger() });

describe('DurableBarStore passes the bar store contract', () => {
  barStoreContract({ open: async () => open(), wipe: async (store) => (store as DurableBarStore).wipe() });
});

describe('DurableBarStore', () => {
  const slot = { scope: 'wick:preprocessor:test', topic: TOPIC, partition: 1 };
  // binance:BTCUSDT lands in partition 1 of 4 (murmur2), where a restore checks it belongs.
  const btc: TailMessage = { key: 'binance:BTCUSDT', value: new Uint8Array([1, 2, 3]), headers: { h: 'v' }, timestamp: 1_000 };

  it('saves the merged state of every written checkpoint with its trade tail, and never a fenced one', async () => {
    const table = new FakeTable();
    const store = open(table, tailOf({ 1: [btc] }));
    const claim = await store.claim(slot, 'a');
    await store.write(slot, { owner: 'a', mode: 'full', expectedSequence: claim.sequence, offset: 5n, meta: 'm1', entries: new Map([['x', '1'], ['y', '1']]) });
    await store.write(slot, { owner: 'a', mode: 'delta', expectedSequence: 1, offset: 9n, meta: 'm2', entries: new Map([['y', '2']]) });
    const [saved] = await table.load();
    expect(saved).toMatchObject({ ...slot, partitions: 4, meta: 'm2', tail: [btc] });
    expect([...saved!.entries]).toEqual([['x', '1'], ['y', '2']]);

    await store.claim(slot, 'b');
    const fenced = await store.write(slot, { owner: 'a', mode: 'delta', expectedSequence: 2, offset: 12n, meta: 'late', entries: new Map([['x', 'late']]) });
    expect(fenced).toEqual({ kind: 'fenced' });
    expect((await table.load())[0]?.meta).toBe('m2');
  });

  it('restores onto a new bus: the tails go back on the trade topic and the state resumes right after them', async () => {
    const table = new FakeTable();
    const first = open(table, tailOf({ 1: [btc] }));
    const claim = await first.claim(slot, 'a');
    await first.write(slot, { owner: 'a', mode: 'full', expectedSequence: claim.sequence, offset: 4_321n, meta: 'meta', entries: new Map([['binance:BTCUSDT', 'state']]) });

    const bus = new InProcessBus();
    await bus.createTopics([{ topic: TOPIC, partitions: 4 }]);
    const second = open(table);
    const saved = await second.saved();
    await second.restore(bus, saved);
    expect((await bus.offsets(TOPIC)).map((range) => range.high)).toEqual([0n, 1n, 0n, 0n]);
    const restored = await second.claim(slot, 'next-owner');
    expect(restored).toMatchObject({ kind: 'restored', checkpoint: { offset: 1n, meta: 'meta' } });
    expect(restored.kind === 'restored' && [...restored.checkpoint.entries]).toEqual([['binance:BTCUSDT', 'state']]);
    await bus.close();
  });

  it('ignores state saved with another partitioning', async () => {
    const table = new FakeTable();
    await table.save({ ...slot, partitions: 6, meta: 'old', entries: new Map(), tail: [btc] });
    expect(await open(table).saved()).toEqual([]);
  });
});
