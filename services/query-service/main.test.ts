// `wick query-service` as a process on the embedded database (--data-dir):
// it serves GET /v1/candles and QueryService, and exits 0 on SIGTERM.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/log/index.js';
import { PgliteCandleStore } from '../../common/store/index.js';
import { ServiceProcess } from '../analytics-api/testing/service-process.js';
import { DAY, DAY0, seriesOf } from './testing/fixtures.js';
import { queryClient } from './testing/test-query-api.js';

describe('wick query-service (process)', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wick-query-main-'));
    const database = await PGlite.create(join(dataDir, 'pglite'));
    const store = await PgliteCandleStore.open({ database, logger: silentLogger() });
    await store.upsert(seriesOf('DOTUSDT', 41).slice(0, 120));
    await store.close();
  }, 60_000);
  afterAll(async () => {
    service?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves HTTP and Connect from the embedded store, and shuts down cleanly', { timeout: 120_000 }, async () => {
    service = ServiceProcess.start('query-service', ['--data-dir', dataDir], 'QueryService and /v1/candles listening');
    const { url, ops } = await service.ready(60_000);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    const csv = await (await fetch(`${url}/v1/candles?symbols=DOTUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + DAY}&format=csv`)).text();
    expect(csv.trim().split('\n')).toHaveLength(3);
    const page = await queryClient('grpc', url).queryCandles({ query: { symbols: ['DOTUSDT'], bucket: '30m', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + DAY) } });
    expect(page.bars).toHaveLength(4);
    expect(await service.stop()).toBe(0);
  });
});
