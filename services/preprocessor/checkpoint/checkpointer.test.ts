import { describe, expect, it } from 'vitest';
import { MemoryBarStore } from '../../../common/barstore/index.js';
import type { PartitionSnapshot } from '../processing/partition-engines.js';
import type { Retrying } from '../retrying.js';
import { Checkpointer, FencedError, type CheckpointSource } from './checkpointer.js';

const slot = { scope: 'test', topic: 'wick.trades.v1', partition: 0 };
const once: Retrying = (_name, work) => work();

/** A source whose state is a map the test edits, remembering which entries changed. */
class FakeSource implements CheckpointSource {
  nextOffset = 0n;
  readonly state = new Map<string, string>();
  private changed = new Set<string>();
  readonly snapshots: Array<'full' | 'dirty'> = [];
  durable: () => Promise<void> = async () => undefined;

  set(key: string, value: string, offset: bigint): void {
    this.state.set(key, value);
    this.changed.add(key);
    this.nextOffset = offset;
  }

  snapshot(mode: 'full' | 'dirty'): PartitionSnapshot {
    this.snapshots.push(mode);
    const keys = mode === 'full' ? [...this.state.keys()] : [...this.changed];
    this.changed = new Set();
    return { entries: new Map(keys.map((key) => [key, this.state.get(key)!])), meta: `meta@${this.nextOffset}` };
  }
}

async function restored(store: MemoryBarStore): Promise<unknown> {
  const claim = await store.claim(slot, 'reader');
  return claim.kind === 'restored' ? { offset: claim.checkpoint.offset, meta: claim.checkpoint.meta, entries: Object.fromEntries(claim.checkpoint.entries) } : claim.kind;
}

describe('Checkpointer', () => {
  it('writes the whole state first, then only the changes, each as of its offset', async () => {
    const store = new MemoryBarStore();
    const claim = await store.claim(slot, 'me');
    const checkpointer = new Checkpointer(slot, 'me', store, once, { sequence: claim.sequence, fullFirst: true });
    const source = new FakeSource();
    source.set('binance:A', 'a1', 10n);
    source.set('binance:B', 'b1', 12n);
    expect(await checkpointer.write(source)).toMatchObject({ offset: 12n, mode: 'full', entries: 2 });
    source.set('binance:B', 'b2', 20n);
    expect(await checkpointer.write(source)).toMatchObject({ offset: 20n, mode: 'delta', entries: 1 });
    expect(source.snapshots).toEqual(['full', 'dirty']);
    expect(await restored(store)).toEqual({ offset: 20n, meta: 'meta@20', entries: { 'binance:A': 'a1', 'binance:B': 'b2' } });
  });

  it('writes nothing before the effects of the checkpointed messages are durable', async () => {
    const store = new MemoryBarStore();
    await store.claim(slot, 'me');
    const checkpointer = new Checkpointer(slot, 'me', store, once, { sequence: 0, fullFirst: true });
    const source = new FakeSource();
    let release: () => void = () => undefined;
    source.durable = () => new Promise((resolve) => (release = resolve));
    source.set('binance:A', 'a1', 5n);
    const writing = checkpointer.write(source);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.claim(slot, 'me')).kind).toBe('empty');
    release();
    await writing;
    expect((await store.claim(slot, 'me')).kind).toBe('restored');
  });

  it('rewrites the whole current state when the slot vanished (Redis lost it)', async () => {
    const store = new MemoryBarStore();
    await store.claim(slot, 'me');
    const checkpointer = new Checkpointer(slot, 'me', store, once, { sequence: 0, fullFirst: true });
    const source = new FakeSource();
    source.set('binance:A', 'a1', 5n);
    await checkpointer.write(source);
    store.wipe();
    source.set('binance:B', 'b1', 9n);
    expect(await checkpointer.write(source)).toMatchObject({ offset: 9n, mode: 'full', entries: 2 });
    expect(source.snapshots).toEqual(['full', 'dirty', 'full']);
    expect(await restored(store)).toEqual({ offset: 9n, meta: 'meta@9', entries: { 'binance:A': 'a1', 'binance:B': 'b1' } });
  });

  it('is fenced once another owner claimed the slot, and would write everything next time', async () => {
    const store = new MemoryBarStore();
    await store.claim(slot, 'me');
    const checkpointer = new Checkpointer(slot, 'me', store, once, { sequence: 0, fullFirst: true });
    const source = new FakeSource();
    source.set('binance:A', 'a1', 5n);
    await checkpointer.write(source);
    await store.claim(slot, 'newer');
    source.set('binance:A', 'a2', 8n);
    await expect(checkpointer.write(source)).rejects.toBeInstanceOf(FencedError);
    await expect(checkpointer.write(source)).rejects.toBeInstanceOf(FencedError);
    expect(source.snapshots).toEqual(['full', 'dirty', 'full']);
    expect(await restored(store)).toEqual({ offset: 5n, meta: 'meta@5', entries: { 'binance:A': 'a1' } });
  });
});
