// (c) A second preprocessor joins the group mid-run and later leaves it
// (SIGTERM): the partitions move to it and back, each handover restores from
// Redis. In between it freezes (SIGSTOP, as a long GC pause or a stalled VM
// would) until the group gave its partitions back to the first, which claimed
// their Redis slots: when it wakes up it still believes it owns them, and its
// checkpoint is refused (fenced) instead of overwriting the newer owner's;
// it rejoins and carries on. The result is still exactly the klines of
// `wick candles`.
import { describe, expect, it } from 'vitest';
import { missingServices } from '../../common/testing/infra.js';
import type { PreprocessorProcess } from './testing/preprocessor-process.js';
import { Scenario } from './testing/scenario.js';
import { waitUntil } from './testing/wait-until.js';

const skip = await missingServices('kafka', 'redis', 'postgres');

const owned = (child: PreprocessorProcess): Promise<number> => child.metric('wick_preprocessor_owned_partitions');

describe.skipIf(skip)('wick preprocessor scaled out and back in, with a stale owner fenced', () => {
  it('splits the partitions with a second member, fences it after a freeze, takes them back when it leaves, and stays exact', async () => {
    const scenario = await Scenario.create({ name: 'scale', partitions: 4, symbols: 4, redisDatabase: 13, pace: { perSecond: 3_000, perSend: 150 } });
    try {
      await scenario.loadReferences();
      const first = await scenario.startPreprocessor('preprocessor-scale-a');
      let second: PreprocessorProcess | undefined;
      let sent = 0;
      const moments: Record<string, string> = {};
      const mark = (what: string): void => {
        moments[what] = `${(sent * 100).toFixed(0)}%`;
      };
      let life: Promise<number | null> | undefined;
      await scenario.replay((fraction) => {
        sent = fraction;
        if (life !== undefined || fraction < 0.05) return;
        life = (async () => {
          // Rare checkpoints: whatever b counts before it freezes is still unwritten when it wakes up, so it must try to write it.
          const b = (second = await scenario.startPreprocessor('preprocessor-scale-b', { 'checkpoint-interval': '10s' }));
          await waitUntil(async () => (await owned(b)) > 0, 30_000, 'the second member to own partitions');
          mark('joined');
          const counted = await b.metric('wick_preprocessor_trades_total');
          await waitUntil(async () => (await b.metric('wick_preprocessor_trades_total')) > counted, 10_000, 'the second member to count trades');
          b.pause();
          // The group drops b after its session timeout, and a claims b's partitions in Redis.
          await waitUntil(async () => (await owned(first)) === 4, 30_000, 'the first member to take over the partitions of the frozen one');
          b.resume();
          mark('resumed');
          await waitUntil(async () => (await b.metric('wick_preprocessor_checkpoints_total', 'outcome="fenced"')) > 0, 20_000, "the stale member's checkpoint to be fenced");
          await waitUntil(async () => (await owned(b)) > 0, 30_000, 'the fenced member to rejoin and own partitions again');
          mark('left');
          return b.stop();
        })();
      });
      expect(await life).toBe(0);
      console.log(`preprocessor scale test: the second member joined at ${moments.joined}, woke up at ${moments.resumed} and left at ${moments.left} of the replay`);
      await waitUntil(async () => (await owned(first)) === 4, 40_000, 'the first member to own every partition again');
      await scenario.waitForLastCandles(60_000);
      expect(await scenario.differences()).toEqual([]);
      expect(await first.metric('wick_preprocessor_partition_starts_total', 'how="restored"')).toBeGreaterThan(0);
      expect(second!.log).toContain('restored the partition from its checkpoint');
      expect(await first.stop()).toBe(0);
    } finally {
      await scenario.cleanup();
    }
  }, 170_000);
});
