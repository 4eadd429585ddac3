import { describe } from 'vitest';
import { barStoreContract } from './bar-store.contract.js';
import { MemoryBarStore } from './memory-bar-store.js';

describe('MemoryBarStore passes the bar store contract', () => {
  barStoreContract({
    open: async () => new MemoryBarStore(),
    wipe: async (store) => (store as MemoryBarStore).wipe(),
  });
});
