// The bar store contract on the real Redis, in a database of its own (10) so
// the state-loss tests, which delete this suite's keys, disturb nobody.
import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { missingServices, REDIS_URL } from '../testing/infra.js';
import { barStoreContract } from './bar-store.contract.js';
import { RedisBarStore } from './redis-bar-store.js';

const skip = await missingServices('redis');
const DATABASE = 10;
const url = `${REDIS_URL.replace(/\/\d*$/, '')}/${DATABASE}`;

describe.skipIf(skip)('RedisBarStore passes the bar store contract on a real Redis', () => {
  const admin = skip === undefined ? new Redis(url) : undefined;

  afterAll(async () => {
    await deleteContractKeys();
    await admin?.quit();
  });

  /** What a FLUSHALL would do to this suite, without touching anyone else's keys. */
  async function deleteContractKeys(): Promise<void> {
    if (admin === undefined) return;
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', 'contract-*', 'COUNT', 1000);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  barStoreContract({
    open: async () => RedisBarStore.open({ url }),
    wipe: deleteContractKeys,
  });
});
