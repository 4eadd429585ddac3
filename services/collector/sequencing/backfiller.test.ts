import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/log/index.js';
import { Backfiller, type BackfillOptions, type BackfillPage } from './backfiller.js';
import type { SequencedTrade } from './sequenced-trade.js';
import { SymbolSequencer } from './symbol-sequencer.js';

const OPTIONS: BackfillOptions = { concurrency: 2, pollDelayMs: 5, giveUpAfterMs: 200, failureDelayMs: 5 };

function trade(id: number, source: 'live' | 'rest'): SequencedTrade {
  return { id, symbol: 'XRPETH', tradeTime: id, receivedAt: id, payload: new Uint8Array(), source };
}

/** A REST that knows ids 1..`upTo()` (it may grow: REST catching up), pages of `pageSize`. */
function harness(options: { upTo: () => number; pageSize?: number; rejected?: number[]; missing?: number[]; failFirst?: number }) {
  const sequencer = new SymbolSequencer('XRPETH', 1_000);
  sequencer.restore(0, []);
  const published: number[] = [];
  const unrecoverable: number[] = [];
  const requests: number[] = [];
  let failures = options.failFirst ?? 0;
  const source = {
    page: async (_symbol: string, fromId: number): Promise<BackfillPage> => {
      requests.push(fromId);
      if (failures > 0) {
        failures -= 1;
        throw new Error('REST down');
      }
      const size = options.pageSize ?? 10;
      const ids: number[] = [];
      for (let id = fromId; id <= options.upTo() && ids.length < size; id += 1) ids.push(id);
      const usable = ids.filter((id) => !(options.rejected ?? []).includes(id) && !(options.missing ?? []).includes(id));
      return { trades: usable.map((id) => trade(id, 'rest')), rejectedIds: new Set(options.rejected ?? []), full: ids.length === size };
    },
  };
  const target = {
    sequencer: (symbol: string) => (symbol === 'XRPETH' ? sequencer : undefined),
    publish: (trades: SequencedTrade[]) => published.push(...trades.map((t) => t.id)),
    unrecoverable: (_symbol: string, count: number) => unrecoverable.push(count),
  };
  const backfiller = new Backfiller(source, target, OPTIONS, silentLogger());
  return { sequencer, backfiller, published, unrecoverable, requests };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('Backfiller', () => {
  it('fills a gap page by page, then releases the buffered live trades', async () => {
    const { sequencer, backfiller, published, requests } = harness({ upTo: () => 35 });
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(35, 'live'), out);
    backfiller.request('XRPETH', false);
    await until(() => !sequencer.hasGap && backfiller.active === 0);
    expect(published).toEqual(range(1, 35));
    expect(requests).toEqual([1, 11, 21, 31]);
  });

  it('probes once after a restart even without a known gap, and reads until REST runs dry', async () => {
    const { backfiller, published, requests } = harness({ upTo: () => 25 });
    backfiller.request('XRPETH', true);
    await until(() => backfiller.active === 0);
    expect(published).toEqual(range(1, 25));
    expect(requests).toEqual([1, 11, 21]);
  });

  it('polls again while REST lags behind the stream', async () => {
    let known = 3;
    const { sequencer, backfiller, published, requests } = harness({ upTo: () => known });
    sequencer.onLive(trade(8, 'live'), []);
    backfiller.request('XRPETH', false);
    await until(() => requests.length >= 3);
    expect(published).toEqual([1, 2, 3]);
    known = 8;
    await until(() => !sequencer.hasGap);
    expect(published).toEqual(range(1, 8));
  });

  it('skips ids REST sent unusable (dead-lettered) at once', async () => {
    const { sequencer, backfiller, published, unrecoverable } = harness({ upTo: () => 12, rejected: [4, 5] });
    sequencer.onLive(trade(12, 'live'), []);
    backfiller.request('XRPETH', false);
    await until(() => !sequencer.hasGap);
    expect(published).toEqual([1, 2, 3, ...range(6, 12)]);
    expect(unrecoverable).toEqual([1, 1]);
  });

  it('gives up ids REST never produces after giveUpAfter without progress', async () => {
    const { sequencer, backfiller, published, unrecoverable } = harness({ upTo: () => 12, missing: [5] });
    sequencer.onLive(trade(12, 'live'), []);
    const started = Date.now();
    backfiller.request('XRPETH', false);
    await until(() => !sequencer.hasGap);
    expect(Date.now() - started).toBeGreaterThanOrEqual(OPTIONS.giveUpAfterMs - 5);
    expect(published).toEqual([1, 2, 3, 4, 12]);
    expect(unrecoverable).toEqual([7]);
  });

  it('tries again after a failed request', async () => {
    const { sequencer, backfiller, published } = harness({ upTo: () => 5, failFirst: 2 });
    sequencer.onLive(trade(5, 'live'), []);
    backfiller.request('XRPETH', false);
    await until(() => !sequencer.hasGap);
    expect(published).toEqual(range(1, 5));
  });

  it('runs one loop per symbol; a second request only adds a probe', async () => {
    const { sequencer, backfiller, requests } = harness({ upTo: () => 5 });
    sequencer.onLive(trade(5, 'live'), []);
    backfiller.request('XRPETH', false);
    backfiller.request('XRPETH', false);
    expect(backfiller.active).toBe(1);
    await until(() => backfiller.active === 0);
    expect(requests).toEqual([1]);
  });

  it('drops pages that arrive after a cancel', async () => {
    const { sequencer, backfiller, published } = harness({ upTo: () => 50 });
    sequencer.onLive(trade(50, 'live'), []);
    backfiller.request('XRPETH', false);
    backfiller.cancelAll();
    await backfiller.stop();
    expect(published).toEqual([]);
    expect(sequencer.hasGap).toBe(true);
  });
});
