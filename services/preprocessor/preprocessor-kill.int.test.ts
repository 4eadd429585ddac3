// (b) The preprocessor killed with SIGKILL at several random moments of the
// replay (seeded and logged; WICK_TEST_SEED replays a run) and restarted at
// once: no trade lost, none counted twice, so the store and wick.candles.v1
// still hold exactly the klines of `wick candles`.
import { describe, expect, it } from 'vitest';
import { missingServices } from '../../common/testing/infra.js';
import type { PreprocessorProcess } from './testing/preprocessor-process.js';
import { Scenario } from './testing/scenario.js';
import { waitUntil } from './testing/wait-until.js';
import { seededRandom } from '../../common/testing/seeded-random.js';
import { testSeed } from './testing/seeded.js';

const skip = await missingServices('kafka', 'redis', 'postgres');
const KILLS = 3;
const RESTORED = 'restored the partition from its checkpoint';

/** The log lines saying how a partition started (partition-start.ts). */
function partitionStarts(log: string): string[] {
  return log.split('\n').filter((line) => line.includes(RESTORED) || line.includes('starting the partition fresh') || line.includes('rebuilding it') || line.includes('other settings'));
}

async function checkpointedEveryPartition(scenario: Scenario): Promise<void> {
  await waitUntil(
    async () => (await scenario.bus.committedOffsets(scenario.groupId, scenario.tradesTopic)).every((entry) => entry.offset !== undefined),
    30_000,
    'a checkpoint of every partition',
  );
}

describe.skipIf(skip)('wick preprocessor killed with SIGKILL', () => {
  it('resumes from its checkpoints after every kill and ends with exactly the reference candles', async () => {
    const seed = testSeed();
    const random = seededRandom(seed);
    const moments = Array.from({ length: KILLS }, () => 0.1 + random() * 0.8).sort((a, b) => a - b);
    console.log(`preprocessor kill test: seed ${seed}, kills at ${moments.map((m) => `${(m * 100).toFixed(1)}%`).join(', ')} of the replay`);
    const scenario = await Scenario.create({ name: 'kill', partitions: 4, symbols: 4, redisDatabase: 12, pace: { perSecond: 4_000, perSend: 200 } });
    try {
      await scenario.loadReferences();
      let current: PreprocessorProcess = await scenario.startPreprocessor('preprocessor-kill-0');
      await waitUntil(async () => (await current.metric('wick_preprocessor_owned_partitions')) === 4, 30_000, 'the first preprocessor to own every partition');
      let restarts: Promise<void> = Promise.resolve();
      let next = 0;
      await scenario.replay((fraction) => {
        while (next < moments.length && fraction >= moments[next]!) {
          next++;
          const name = `preprocessor-kill-${next}`;
          // Whoever runs when this kill's turn comes, not who ran when it was scheduled.
          const first = next === 1;
          restarts = restarts.then(async () => {
            // So that every start after a kill has a checkpoint to restore: each partition's first one is written (and committed).
            if (first) await checkpointedEveryPartition(scenario);
            await current.kill();
            current = await scenario.startPreprocessor(name);
          });
        }
      });
      await restarts;
      await scenario.waitForLastCandles(90_000);
      expect(await scenario.differences()).toEqual([]);
      // Redis kept every checkpoint: each partition start after a kill must be a restore, never a fresh start or a rebuild.
      const starts = scenario.children.slice(1).flatMap((child) => partitionStarts(child.log).map((line) => `[${child.name}] ${line}`));
      expect(starts.filter((line) => !line.includes(RESTORED)), 'partition starts after a kill that were no restore').toEqual([]);
      expect(partitionStarts(current.log).length, `partition starts of the last preprocessor; its log:\n${current.tail(60)}`).toBeGreaterThan(0);
    } finally {
      await scenario.cleanup();
    }
  }, 170_000);
});
