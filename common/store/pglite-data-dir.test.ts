// The embedded store as `wick start` opens it: under <dataDir>/pglite,
// persistent across restarts, and never opened by two processes at once.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { PgliteCandleStore } from './pglite-candle-store.js';
import { candle } from './testing/fixtures.js';

const logger = silentLogger();
let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('PgliteCandleStore under a data directory', { timeout: 120_000 }, () => {
  it('keeps candles across a restart and holds a lock while open', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wick-data-'));
    const stored = candle({ exchange: 'binance', symbol: 'BTCUSDT', openTime: Date.UTC(2024, 0, 1) });
    const first = await PgliteCandleStore.open({ dataDir, logger });
    expect(first.mode).toBe('pglite');
    await first.upsert([stored]);
    expect((await readFile(join(dataDir, 'pglite', 'wick.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await expect(PgliteCandleStore.open({ dataDir, logger })).rejects.toMatchObject({
      code: 'DATA_DIR_LOCKED', message: `the embedded database in ${join(dataDir, 'pglite')} is in use by process ${process.pid}; stop it or use another data directory`,
    });
    await first.close();
    const second = await PgliteCandleStore.open({ dataDir, logger });
    const page = await second.readLatest({ exchange: 'binance', symbol: 'BTCUSDT', interval: '1m', limit: 10 });
    expect(page.candles).toEqual([stored]);
    await second.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wick-data-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await PgliteCandleStore.open({ dataDir, logger }).then((store) => store.close());
    await writeFile(join(dataDir, 'pglite', 'wick.lock'), `${gone.stdout}\n`);
    const store = await PgliteCandleStore.open({ dataDir, logger });
    expect((await readFile(join(dataDir, 'pglite', 'wick.lock'), 'utf8')).trim()).toBe(String(process.pid));
    await store.close();
  });
});
