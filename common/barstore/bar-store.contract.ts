// The contract every BarStore passes: memory-bar-store.test.ts runs it in
// memory, redis-bar-store.int.test.ts on a real Redis (a database of its own).
// Call it inside a describe().
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BarStore, CheckpointWrite, PartitionSlot } from './bar-store.js';

export interface BarStoreTarget {
  open(): Promise<BarStore>;
  /** Loses everything the store holds, as a failover to an empty replica would. */
  wipe(store: BarStore): Promise<void>;
}

const entries = (...pairs: Array<[string, string]>): Map<string, string> => new Map(pairs);

export function barStoreContract(target: BarStoreTarget): void {
  let store: BarStore;
  const slot = (): PartitionSlot => ({ scope: `contract-${randomUUID().slice(0, 8)}`, topic: 'wick.trades.v1', partition: 3 });
  const full = (owner: string, offset: bigint, pairs: Map<string, string>, meta = `meta@${offset}`): CheckpointWrite => ({
    owner, mode: 'full', expectedSequence: 0, offset, meta, entries: pairs,
  });
  const delta = (owner: string, sequence: number, offset: bigint, pairs: Map<string, string>): CheckpointWrite => ({
    owner, mode: 'delta', expectedSequence: sequence, offset, meta: `meta@${offset}`, entries: pairs,
  });

  beforeAll(async () => {
    store = await target.open();
  });

  afterAll(async () => {
    await store?.close();
  });

  it('claims an empty slot, then restores exactly what was written, deltas merged over the full state', async () => {
    const where = slot();
    const claim = await store.claim(where, 'owner-a');
    expect(claim).toEqual({ kind: 'empty', epoch: 1, sequence: 0 });
    const first = await store.write(where, full('owner-a', 10n, entries(['BTCUSDT', '{"v":1}'], ['ETHUSDT', 'é ✓ "quoted"'])));
    expect(first).toEqual({ kind: 'written', sequence: 1 });
    const second = await store.write(where, delta('owner-a', 1, 25n, entries(['ETHUSDT', 'changed'], ['XRPETH', 'new'])));
    expect(second).toEqual({ kind: 'written', sequence: 2 });

    const restored = await store.claim(where, 'owner-b');
    expect(restored).toEqual({
      kind: 'restored',
      epoch: 2,
      sequence: 2,
      checkpoint: { offset: 25n, meta: 'meta@25', entries: entries(['BTCUSDT', '{"v":1}'], ['ETHUSDT', 'changed'], ['XRPETH', 'new']) },
    });
  });

  it('keeps offsets beyond 2^53 exact', async () => {
    const where = slot();
    await store.claim(where, 'owner');
    const offset = 2n ** 62n + 7n;
    await store.write(where, full('owner', offset, entries()));
    const claim = await store.claim(where, 'again');
    expect(claim.kind === 'restored' && claim.checkpoint.offset).toBe(offset);
  });

  it('fences the previous owner once another claimed the slot, and keeps the new owner\'s checkpoint', async () => {
    const where = slot();
    await store.claim(where, 'old');
    await store.write(where, full('old', 5n, entries(['A', 'old-5'])));
    await store.claim(where, 'new');
    expect(await store.write(where, delta('old', 1, 9n, entries(['A', 'old-9'])))).toEqual({ kind: 'fenced' });
    expect(await store.write(where, full('old', 9n, entries(['A', 'old-9'])))).toEqual({ kind: 'fenced' });
    expect(await store.write(where, delta('new', 1, 7n, entries(['A', 'new-7'])))).toEqual({ kind: 'written', sequence: 2 });
    const claim = await store.claim(where, 'third');
    expect(claim).toMatchObject({ kind: 'restored', checkpoint: { offset: 7n, entries: entries(['A', 'new-7']) } });
  });

  it('refuses a delta whose base is not the slot\'s latest write, and writes nothing', async () => {
    const where = slot();
    await store.claim(where, 'owner');
    await store.write(where, full('owner', 1n, entries(['A', 'a1'], ['B', 'b1'])));
    expect(await store.write(where, delta('owner', 0, 2n, entries(['A', 'a2'])))).toEqual({ kind: 'diverged', reason: 'sequence' });
    const claim = await store.claim(where, 'owner');
    expect(claim).toMatchObject({ kind: 'restored', sequence: 1, checkpoint: { offset: 1n, entries: entries(['A', 'a1'], ['B', 'b1']) } });
  });

  it('replaces every entry on a full write', async () => {
    const where = slot();
    await store.claim(where, 'owner');
    await store.write(where, full('owner', 1n, entries(['A', 'a1'], ['B', 'b1'])));
    await store.write(where, full('owner', 2n, entries(['C', 'c2'])));
    const claim = await store.claim(where, 'owner');
    expect(claim).toMatchObject({ kind: 'restored', checkpoint: { offset: 2n, meta: 'meta@2', entries: entries(['C', 'c2']) } });
  });

  it('after losing everything: a delta diverges, a full write recreates the slot, and a claim sees it', async () => {
    const where = slot();
    await store.claim(where, 'owner');
    const written = await store.write(where, full('owner', 4n, entries(['A', 'a4'])));
    await target.wipe(store);
    expect(await store.write(where, delta('owner', written.kind === 'written' ? written.sequence : -1, 6n, entries(['A', 'a6'])))).toEqual({
      kind: 'diverged',
      reason: 'missing',
    });
    expect(await store.write(where, full('owner', 6n, entries(['A', 'a6'], ['B', 'b6'])))).toEqual({ kind: 'written', sequence: 1 });
    const claim = await store.claim(where, 'next');
    expect(claim).toMatchObject({ kind: 'restored', checkpoint: { offset: 6n, entries: entries(['A', 'a6'], ['B', 'b6']) } });
  });

  it('after losing everything, a claim finds the slot empty and fences the owner from before the loss', async () => {
    const where = slot();
    await store.claim(where, 'before');
    await store.write(where, full('before', 4n, entries(['A', 'a4'])));
    await target.wipe(store);
    expect(await store.claim(where, 'after')).toEqual({ kind: 'empty', epoch: 1, sequence: 0 });
    expect(await store.write(where, full('before', 8n, entries(['A', 'a8'])))).toEqual({ kind: 'fenced' });
  });

  it('keeps slots apart by scope, topic and partition', async () => {
    const base = slot();
    const others: PartitionSlot[] = [{ ...base, scope: `${base.scope}-x` }, { ...base, topic: 'other.topic' }, { ...base, partition: 4 }];
    await store.claim(base, 'owner');
    await store.write(base, full('owner', 3n, entries(['A', 'base'])));
    for (const other of others) expect(await store.claim(other, 'owner')).toMatchObject({ kind: 'empty' });
  });

  it('refuses names that cannot be keys', async () => {
    await expect(store.claim({ scope: 'has space', topic: 't', partition: 0 }, 'o')).rejects.toThrow(/scope/);
    await expect(store.claim({ scope: 's', topic: 'bad{topic}', partition: 0 }, 'o')).rejects.toThrow(/topic/);
    await expect(store.claim({ scope: 's', topic: 't', partition: -1 }, 'o')).rejects.toThrow(/partition/);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
