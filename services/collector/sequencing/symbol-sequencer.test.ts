import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SequencedTrade, TradeSource } from './sequenced-trade.js';
import { SymbolSequencer } from './symbol-sequencer.js';

function trade(id: number, source: TradeSource = 'live'): SequencedTrade {
  return { id, symbol: 'BTCUSDT', tradeTime: 1_700_000_000_000 + id, receivedAt: 1_700_000_000_001 + id, payload: new Uint8Array([id % 256]), source };
}

const ids = (trades: readonly SequencedTrade[]) => trades.map((t) => t.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A sequencer restored with `last` as the last id in Kafka. */
function restored(last: number | undefined, maxBuffered = 100): SymbolSequencer {
  const sequencer = new SymbolSequencer('BTCUSDT', maxBuffered);
  sequencer.restore(last, []);
  return sequencer;
}

describe('SymbolSequencer: live stream', () => {
  it('publishes contiguous ids at once and drops ids already published', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    expect(sequencer.onLive(trade(10), out)).toBe('published');
    expect(sequencer.onLive(trade(11), out)).toBe('published');
    expect(sequencer.onLive(trade(11), out)).toBe('duplicate');
    expect(sequencer.onLive(trade(5), out)).toBe('duplicate');
    expect(ids(out)).toEqual([10, 11]);
    expect(sequencer.next).toBe(12);
  });

  it('starts a symbol never published at its first live trade', () => {
    const sequencer = restored(undefined);
    const out: SequencedTrade[] = [];
    expect(sequencer.next).toBeUndefined();
    expect(sequencer.onLive(trade(500), out)).toBe('published');
    expect(sequencer.onLive(trade(501), out)).toBe('published');
    expect(ids(out)).toEqual([500, 501]);
  });

  it('holds trades beyond a gap and reports the gap once', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    expect(sequencer.onLive(trade(13), out)).toBe('gap');
    expect(sequencer.onLive(trade(14), out)).toBe('buffered');
    expect(sequencer.onLive(trade(14), out)).toBe('duplicate');
    expect(out).toEqual([]);
    expect(sequencer.hasGap).toBe(true);
    expect(sequencer.gapEnd).toBe(13);
    expect(sequencer.next).toBe(10);
  });

  it('closes a gap from a second connection without REST (rotation overlap)', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(12), out); // the new connection is ahead
    sequencer.onLive(trade(10), out); // the old one still delivers
    expect(ids(out)).toEqual([10]);
    sequencer.onLive(trade(11), out);
    expect(ids(out)).toEqual([10, 11, 12]);
    expect(sequencer.hasGap).toBe(false);
  });

  it('accepts buffered trades out of order and releases them in order', () => {
    const sequencer = restored(0);
    const out: SequencedTrade[] = [];
    for (const id of [5, 3, 4, 3, 2]) sequencer.onLive(trade(id), out);
    expect(sequencer.onLive(trade(1), out)).toBe('published');
    expect(ids(out)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses the newest trades when the buffer is full; REST brings them later', () => {
    const sequencer = restored(0, 3);
    const out: SequencedTrade[] = [];
    expect(range(3, 7).map((id) => sequencer.onLive(trade(id), out))).toEqual(['gap', 'buffered', 'buffered', 'overflow', 'overflow']);
    sequencer.onRest([trade(1, 'rest'), trade(2, 'rest')], out);
    expect(ids(out)).toEqual([1, 2, 3, 4, 5]);
    expect(sequencer.hasGap).toBe(false);
    expect(sequencer.onLive(trade(8), out)).toBe('gap');
    sequencer.onRest([trade(6, 'rest'), trade(7, 'rest'), trade(8, 'rest'), trade(9, 'rest')], out);
    expect(ids(out)).toEqual(range(1, 9));
  });
});

describe('SymbolSequencer: REST backfill', () => {
  it('fills a gap and then releases the buffered live trades, each id once', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(13), out);
    sequencer.onLive(trade(14), out);
    // REST overlaps the live trades: 13 and 14 come from the stream, 15 from REST.
    const outcome = sequencer.onRest(range(10, 15).map((id) => trade(id, 'rest')), out);
    expect(outcome).toEqual({ published: 6, missingNext: false });
    expect(ids(out)).toEqual(range(10, 15));
    expect(out.map((t) => t.source)).toEqual(['rest', 'rest', 'rest', 'live', 'live', 'rest']);
    expect(sequencer.onLive(trade(15), out)).toBe('duplicate');
    expect(sequencer.hasGap).toBe(false);
  });

  it('takes a gap in pages', () => {
    const sequencer = restored(0);
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(2500), out);
    for (let from = 1; sequencer.hasGap; from += 1000) {
      sequencer.onRest(range(from, Math.min(from + 999, 2600)).map((id) => trade(id, 'rest')), out);
    }
    expect(ids(out)).toEqual(range(1, 2600));
  });

  it('skips REST trades already published and reports a page that skips the next id', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    expect(sequencer.onRest([trade(8, 'rest'), trade(9, 'rest'), trade(10, 'rest')], out)).toEqual({ published: 1, missingNext: false });
    expect(sequencer.onRest([trade(12, 'rest'), trade(13, 'rest')], out)).toEqual({ published: 0, missingNext: true });
    expect(ids(out)).toEqual([10]);
  });

  it('gives up on ids nobody has when told to', () => {
    const sequencer = restored(9);
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(15), out);
    expect(sequencer.skipTo(15, out)).toBe(5);
    expect(ids(out)).toEqual([15]);
    expect(sequencer.skipTo(3, out)).toBe(0);
  });
});

describe('SymbolSequencer: restore', () => {
  it('buffers everything until the last published id is known', () => {
    const sequencer = new SymbolSequencer('BTCUSDT', 100);
    const out: SequencedTrade[] = [];
    expect(sequencer.isRestoring).toBe(true);
    expect(sequencer.onLive(trade(20), out)).toBe('buffered');
    expect(sequencer.onLive(trade(21), out)).toBe('buffered');
    expect(sequencer.onRest([trade(20, 'rest')], out)).toEqual({ published: 0, missingNext: false });
    expect(sequencer.hasGap).toBe(false);
    sequencer.restore(17, out);
    expect(out).toEqual([]);
    expect(sequencer.hasGap).toBe(true);
    expect(sequencer.gapEnd).toBe(20);
    sequencer.onRest([trade(18, 'rest'), trade(19, 'rest')], out);
    expect(ids(out)).toEqual([18, 19, 20, 21]);
  });

  it('drops buffered trades Kafka already has', () => {
    const sequencer = new SymbolSequencer('BTCUSDT', 100);
    const out: SequencedTrade[] = [];
    for (const id of [20, 21, 22]) sequencer.onLive(trade(id), out);
    sequencer.restore(21, out);
    expect(ids(out)).toEqual([22]);
  });

  it('starts at the first buffered trade when Kafka has nothing', () => {
    const sequencer = new SymbolSequencer('BTCUSDT', 100);
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(7), out);
    sequencer.onLive(trade(8), out);
    sequencer.restore(undefined, out);
    expect(ids(out)).toEqual([7, 8]);
  });

  it('after a failed produce resumes from what Kafka holds, not from what was handed out', () => {
    const sequencer = restored(99);
    const lost: SequencedTrade[] = [];
    for (const id of range(100, 110)) sequencer.onLive(trade(id), lost);
    sequencer.beginRestore();
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(111), out);
    sequencer.restore(104, out); // 100..104 reached Kafka, 105..110 did not
    expect(out).toEqual([]);
    expect(sequencer.next).toBe(105);
    sequencer.onRest(range(105, 112).map((id) => trade(id, 'rest')), out);
    expect(ids(out)).toEqual(range(105, 112));
  });

  it('a symbol that never reached Kafka restarts where this process first started it', () => {
    const sequencer = restored(undefined);
    const lost: SequencedTrade[] = [];
    for (const id of range(50, 55)) sequencer.onLive(trade(id), lost);
    sequencer.beginRestore();
    const out: SequencedTrade[] = [];
    sequencer.onLive(trade(56), out);
    sequencer.restore(undefined, out);
    expect(sequencer.next).toBe(50);
    expect(sequencer.gapEnd).toBe(56);
  });
});

describe('SymbolSequencer: property', () => {
  it('whatever the interleaving of live duplicates, reordering, gaps and REST pages, publishes each id once and in order', () => {
    const total = 60;
    const event = fc.oneof(
      fc.record({ kind: fc.constant('live' as const), id: fc.integer({ min: 1, max: total }) }),
      fc.record({ kind: fc.constant('rest' as const), size: fc.integer({ min: 0, max: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (events, capacity) => {
        const sequencer = restored(0, capacity);
        const out: SequencedTrade[] = [];
        for (const step of events) {
          if (step.kind === 'live') sequencer.onLive(trade(step.id), out);
          else {
            const from = sequencer.next ?? 1;
            sequencer.onRest(range(from, Math.min(total, from + step.size - 1)).map((id) => trade(id, 'rest')), out);
          }
        }
        // Finally REST catches up completely, as the backfiller makes it.
        while ((sequencer.next ?? 1) <= total) {
          const from = sequencer.next ?? 1;
          sequencer.onRest(range(from, Math.min(total, from + 9)).map((id) => trade(id, 'rest')), out);
        }
        expect(ids(out)).toEqual(range(1, total));
        expect(sequencer.hasGap).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
