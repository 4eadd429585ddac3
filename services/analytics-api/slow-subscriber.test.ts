// The slow-subscriber suite on the embedded backends (in-process bus, PGlite).
import { PGlite } from '@electric-sql/pglite';
import { InProcessBus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { PgliteCandleStore } from '../../common/store/index.js';
import { slowSubscriberSuite } from './testing/suite-slow.js';

slowSubscriberSuite({
  name: 'in-process bus, PGlite',
  transports: ['grpc'],
  async open() {
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
  },
});
