// The store contract on the real PostgreSQL 15 of this machine, which has no
// TimescaleDB: the plain-PostgreSQL fallback mode.
import { missingServices, DATABASE_URL } from '../testing/infra.js';
import { silentLogger } from '../log/index.js';
import { PgCandleStore } from './pg-candle-store.js';
import { candleStoreContract } from './store.contract.js';
import { dropSchema, sqlInSchema, testSchemaName } from './testing/pg-test-schema.js';

const skip = await missingServices('postgres');

candleStoreContract({
  name: 'PostgreSQL 15 (fallback mode)',
  mode: 'postgres',
  skip,
  async open() {
    const schema = testSchemaName('contract');
    const store = await PgCandleStore.open({
      databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false,
    });
    return {
      store,
      sql: (text) => sqlInSchema(schema, text),
      async close() {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
});
