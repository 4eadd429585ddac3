// (d) Redis loses everything mid-run (FLUSHDB of the test's own database):
// once while the preprocessor runs (it writes its whole state again), and
// once while it is down after a SIGKILL (the restarted one rebuilds the
// state from the candle store and Kafka). Still exactly the klines of
// `wick candles`.
import { describe, expect, it } from 'vitest';
import { missingServices } from '../../common/testing/infra.js';
import type { PreprocessorProcess } from './testing/preprocessor-process.js';
import { Scenario } from './testing/scenario.js';
import { waitUntil } from './testing/wait-until.js';

const skip = await missingServices('kafka', 'redis', 'postgres');

describe.skipIf(skip)('wick preprocessor when Redis loses its state', () => {
  it('rewrites the state while running and rebuilds it after a restart, exactly', async () => {
    const scenario = await Scenario.create({ name: 'redis', partitions: 4, symbols: 4, redisDatabase: 14, pace: { perSecond: 4_000, perSend: 200 } });
    try {
      await scenario.loadReferences();
      let current: PreprocessorProcess = await scenario.startPreprocessor('preprocessor-redis-a');
      let events: Promise<void> = Promise.resolve();
      let phase = 0;
      await scenario.replay((fraction) => {
        if (phase === 0 && fraction >= 0.3) {
          phase = 1;
          events = events.then(async () => {
            await scenario.flushRedis();
            // The running preprocessor finds its slots gone and writes its whole state again, one slot per partition.
            await waitUntil(async () => (await scenario.checkpointedPartitions()) === 4, 20_000, 'every partition checkpointed again after the flush');
          });
        } else if (phase === 1 && fraction >= 0.6) {
          phase = 2;
          events = events.then(async () => {
            await current.kill();
            await scenario.flushRedis();
            current = await scenario.startPreprocessor('preprocessor-redis-b');
          });
        }
      });
      await events;
      await scenario.waitForLastCandles(90_000);
      expect(await scenario.differences()).toEqual([]);
      expect(await current.metric('wick_preprocessor_partition_starts_total', 'how="rebuilt"')).toBeGreaterThan(0);
      expect(await current.metric('wick_preprocessor_inexact_starts_total')).toBe(0);
    } finally {
      await scenario.cleanup();
    }
  }, 170_000);
});
