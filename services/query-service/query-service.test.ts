// The query-service suites on the embedded store (PGlite in memory), against
// servers on 127.0.0.1 port 0 with real Connect, gRPC, gRPC-Web and HTTP clients.
import { PGlite } from '@electric-sql/pglite';
import { silentLogger } from '../../common/log/index.js';
import { PgliteCandleStore } from '../../common/store/index.js';
import { querySuite, type QuerySuiteOptions } from './testing/suite-query.js';
import { queryHttpSuite } from './testing/suite-query-http.js';
import { queryValidationSuite } from './testing/suite-query-validation.js';

const options: QuerySuiteOptions = {
  name: 'PGlite',
  async open() {
    const store = await PgliteCandleStore.open({ database: await PGlite.create(), logger: silentLogger() });
    return { store, close: () => store.close() };
  },
};

querySuite(options);
queryHttpSuite(options);
queryValidationSuite(options);
