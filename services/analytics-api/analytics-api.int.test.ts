// The analytics API's handler suites on the production backends: Kafka at
// KAFKA_BROKERS (a topic per test run) and PostgreSQL at DATABASE_URL (a
// schema per test run), against servers on 127.0.0.1 port 0.
import { KafkaBus } from '../../common/bus/index.js';
import { silentLogger } from '../../common/log/index.js';
import { PgCandleStore } from '../../common/store/index.js';
import { dropSchema, testSchemaName } from '../../common/store/testing/pg-test-schema.js';
import { DATABASE_URL, KAFKA_BROKERS, missingServices } from '../../common/testing/infra.js';
import { bufCurlSuite } from './testing/suite-buf-curl.js';
import { getCandlesSuite } from './testing/suite-get-candles.js';
import { slowSubscriberSuite } from './testing/suite-slow.js';
import { streamSuite } from './testing/suite-stream.js';
import type { SuiteBackend, SuiteOptions } from './testing/suite.js';
import { validationSuite } from './testing/suite-validation.js';
import { TRANSPORTS } from './testing/transports.js';

const skip = await missingServices('kafka', 'postgres');

async function open(): Promise<SuiteBackend> {
  const schema = testSchemaName('analytics');
  const logger = silentLogger();
  const store = await PgCandleStore.open({ databaseUrl: DATABASE_URL, schema, logger, migrations: 'apply', connectRetry: false });
  const bus = new KafkaBus({ brokers: KAFKA_BROKERS.split(','), clientId: 'wick-analytics-test', logger });
  return {
    store,
    bus,
    async close() {
      await bus.close();
      await store.close();
      await dropSchema(schema);
    },
  };
}

const options: SuiteOptions = { name: 'Kafka, PostgreSQL', skip, open, transports: TRANSPORTS };

getCandlesSuite(options);
validationSuite(options);
streamSuite(options);
slowSubscriberSuite(options);
bufCurlSuite(options);
