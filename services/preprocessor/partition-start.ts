// How an assigned partition starts, decided in onAssigned before any of its
// messages is delivered:
// - Redis holds a checkpoint: restore it and resume at its offset;
// - Redis holds nothing and the group never committed the partition: a
//   fresh start where Kafka begins (the earliest retained trade);
// - Redis holds nothing (or state of other settings) but the group has a
//   committed offset: Redis lost the state. Rebuild it from the candle store
//   and Kafka (rebuild/), never guess.
// The claim that reads the checkpoint also makes this member the slot's
// owner, which fences the previous owner's late writes.
import { randomUUID } from 'node:crypto';
import type { BarStore, ClaimResult, PartitionSlot } from '../../common/barstore/index.js';
import type { Bus, OffsetLookup, TopicPartition } from '../../common/bus/index.js';
import type { Logger } from '../../common/log/index.js';
import type { CandleStore } from '../../common/store/index.js';
import type { PreprocessorMetrics } from './metrics.js';
import { IncompatibleStateError, type PartitionEngines } from './processing/partition-engines.js';
import { planRebuild } from './rebuild/rebuild-plan.js';
import type { SeedSettings } from './rebuild/symbol-seed.js';
import type { Retrying } from './retrying.js';

export interface StartContext {
  readonly bus: Bus & OffsetLookup;
  readonly barStore: BarStore;
  readonly store: CandleStore;
  readonly groupId: string;
  readonly scope: string;
  readonly rebuild: SeedSettings & { readonly clockSkewMs: number };
  readonly retrying: Retrying;
  readonly metrics: PreprocessorMetrics;
  readonly logger: Logger;
}

export interface PartitionStart {
  readonly slot: PartitionSlot;
  readonly owner: string;
  /** Where to seek; undefined leaves the position to Kafka (a fresh start). */
  readonly seekTo: bigint | undefined;
  /** The bar store's sequence after the claim, for the first delta checkpoint. */
  readonly sequence: number;
  /** The first checkpoint must write the whole state (nothing usable is in the slot). */
  readonly fullFirst: boolean;
  readonly how: 'restored' | 'fresh' | 'rebuilt';
}

export async function startPartition(tp: TopicPartition, engines: PartitionEngines, context: StartContext): Promise<PartitionStart> {
  const slot: PartitionSlot = { scope: context.scope, topic: tp.topic, partition: tp.partition };
  const owner = randomUUID();
  const claim = await context.retrying('bar-store-claim', () => context.barStore.claim(slot, owner));
  const log = context.logger.child({ partition: tp.partition, epoch: claim.epoch });
  const restored = restore(claim, engines, log);
  if (restored !== undefined) {
    log.info({ offset: restored.toString(), watermark: engines.watermarkMs }, 'restored the partition from its checkpoint');
    return done(context, { slot, owner, seekTo: restored, sequence: claim.sequence, fullFirst: false, how: 'restored' });
  }
  const committed = (await context.bus.committedOffsets(context.groupId, tp.topic)).find((entry) => entry.partition === tp.partition)?.offset;
  if (committed === undefined) {
    log.info('no checkpoint and no committed offset: starting the partition fresh');
    return done(context, { slot, owner, seekTo: undefined, sequence: claim.sequence, fullFirst: true, how: 'fresh' });
  }
  log.warn({ committed: committed.toString() }, 'the checkpoint is gone but Kafka has a committed offset: Redis lost the state; rebuilding it from the candle store and Kafka');
  const plan = await planRebuild({ store: context.store, bus: context.bus, topic: tp.topic, partition: tp.partition, committed, settings: context.rebuild });
  engines.seed(plan.states, plan.watermark);
  const fields = {
    startOffset: plan.startOffset.toString(),
    committed: committed.toString(),
    symbols: plan.symbols,
    replayFrom: plan.replayFrom === undefined ? undefined : new Date(plan.replayFrom).toISOString(),
  };
  if (plan.problems.length > 0) {
    context.metrics.inexact.inc();
    log.error({ ...fields, problems: plan.problems }, 'the rebuilt state may not be exact: candles of the listed spans can be incomplete');
  } else {
    log.info(fields, 'rebuilt the partition state; replaying trades from the start offset');
  }
  return done(context, { slot, owner, seekTo: plan.startOffset, sequence: claim.sequence, fullFirst: true, how: 'rebuilt' });
}

/** The checkpoint's offset once restored into the engines; undefined when there is nothing usable. */
function restore(claim: ClaimResult, engines: PartitionEngines, log: Logger): bigint | undefined {
  if (claim.kind !== 'restored') return undefined;
  try {
    engines.restore(claim.checkpoint.entries, claim.checkpoint.meta);
    return claim.checkpoint.offset;
  } catch (error) {
    if (!(error instanceof IncompatibleStateError)) throw error;
    log.warn({ err: error }, 'the checkpoint was written with other settings: treating the state as lost');
    return undefined;
  }
}

function done(context: StartContext, start: PartitionStart): PartitionStart {
  context.metrics.restores.inc({ how: start.how });
  return start;
}
