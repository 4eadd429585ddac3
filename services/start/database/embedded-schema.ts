// Every table `wick start` keeps in its embedded database, brought up to
// date: the candle store's migrations and the checkpoint table. The engine
// does this on every start (a no-op when current); the cluster template is
// made with it too, so a new data directory starts with its schema already
// in place instead of spending a second on migrations while the user waits.
import type { Logger } from '../../../common/log/index.js';
import { PgliteCandleStore } from '../../../common/store/index.js';
import type { PgliteDatabase } from '../../../common/store/pglite/pglite-executor.js';
import { CheckpointTable } from '../durability/checkpoint-table.js';

export async function applyEmbeddedSchema(database: PgliteDatabase, logger: Logger): Promise<void> {
  await CheckpointTable.open(database);
  // The store must not close the database it borrows: its owner does.
  const store = await PgliteCandleStore.open({ database: { ...database, close: async () => undefined }, logger });
  await store.close();
}
