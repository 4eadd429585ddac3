// The analytics API's handler suites on the embedded backends: the
// in-process bus and PGlite (in memory), against servers on 127.0.0.1 port 0
// with real Connect, gRPC and gRPC-Web clients.
import { PGlite } from '@electric-sql/pglite';
import { InProcessBus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { PgliteCandleStore } from '../../common/store/index.js';
import { bufCurlSuite } from './testing/suite-buf-curl.js';
import { getCandlesSuite } from './testing/suite-get-candles.js';
import { streamSuite } from './testing/suite-stream.js';
import type { SuiteBackend, SuiteOptions } from './testing/suite.js';
import { validationSuite } from './testing/suite-validation.js';
import { TRANSPORTS } from './testing/transports.js';

async function open(): Promise<SuiteBackend> {
  const store = await PgliteCandleStore.open({ database: await PGlite.create(), logger: silentLogger() });
  const bus = new InProcessBus();
  return {
    store,
    bus,
    async close() {
      await bus.close();
      await store.close();
    },
  };
}

const options: SuiteOptions = { name: 'in-process bus, PGlite', open, transports: TRANSPORTS };

getCandlesSuite(options);
validationSuite(options);
streamSuite(options);
bufCurlSuite(options);
