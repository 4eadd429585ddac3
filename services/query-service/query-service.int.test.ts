// The query-service suites on PostgreSQL at DATABASE_URL (a schema per test
// run), against servers on 127.0.0.1 port 0.
import { silentLogger } from '../../common/log/index.js';
import { PgCandleStore } from '../../common/store/index.js';
import { dropSchema, testSchemaName } from '../../common/store/testing/pg-test-schema.js';
import { DATABASE_URL, missingServices } from '../../common/testing/infra.js';
import { querySuite, type QuerySuiteOptions } from './testing/suite-query.js';
import { queryHttpSuite } from './testing/suite-query-http.js';
import { queryValidationSuite } from './testing/suite-query-validation.js';

const skip = await missingServices('postgres');

const options: QuerySuiteOptions = {
  name: 'PostgreSQL',
  skip,
  async open() {
    const schema = testSchemaName('query');
    const store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger: silentLogger(), migrations: 'apply', connectRetry: false });
    return {
      store,
      async close() {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
};

querySuite(options);
queryHttpSuite(options);
queryValidationSuite(options);
