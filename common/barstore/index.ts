// Public API of the bar store; see bar-store.ts and README.md.
export type { BarStore, Checkpoint, CheckpointWrite, ClaimResult, PartitionSlot, WriteOutcome } from './bar-store.js';
export { MemoryBarStore } from './memory-bar-store.js';
export { RedisBarStore, type RedisBarStoreOptions } from './redis-bar-store.js';
