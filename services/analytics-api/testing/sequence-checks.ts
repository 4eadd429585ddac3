// The checks behind "no gap, no duplicate": per subscription, sequence
// numbers run 1, 2, 3, ...; and the updates received are the updates
// published in order, where only conflation may leave one out (a partial
// followed by a newer version of the same candle that was received).
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';
import { version, type ReceivedUpdate, type StreamEvent } from './stream-reader.js';

type Versioned = Pick<Candle, 'openTime' | 'closed' | 'revision' | 'tradeCount'>;

/** Problems with the numbering of one subscription's updates and its HistoryComplete (empty when fine). */
export function sequenceProblems(events: readonly StreamEvent[], subscription: number): string[] {
  const problems: string[] = [];
  let expected = 1;
  for (const event of events) {
    if (event.case === 'candleUpdate' && event.value.subscriptionIndex === subscription) {
      if (Number(event.value.sequence) !== expected) problems.push(`sequence ${event.value.sequence} where ${expected} was due`);
      expected = Number(event.value.sequence) + 1;
    }
    if (event.case === 'historyComplete' && event.value.subscriptionIndex === subscription && Number(event.value.lastSequence) !== expected - 1) {
      problems.push(`HistoryComplete.last_sequence ${event.value.lastSequence} after update ${expected - 1}`);
    }
  }
  return problems;
}

export interface Gaps {
  /** Published before the first update received (the subscriber was not there yet, or they were conflated into it). */
  readonly before: number;
  /** Partials left out between received updates: conflation. */
  readonly between: number;
}

/**
 * Matches `received` against `published` (both one subscription's candles in
 * order). Throws naming the first update that was missed, repeated or
 * reordered; counts the partials left out.
 */
export function conflatedGaps(published: readonly Versioned[], received: readonly Versioned[]): Gaps {
  let next = 0;
  let before = 0;
  let between = 0;
  for (const [index, candle] of received.entries()) {
    const skipped: Versioned[] = [];
    while (next < published.length && version(published[next] as Versioned) !== version(candle)) skipped.push(published[next++] as Versioned);
    if (next === published.length) throw new Error(`received ${version(candle)}, which was not published after what came before it`);
    for (const missed of skipped) {
      if (missed.closed || missed.openTime !== candle.openTime) throw new Error(`missed ${version(missed)} before ${version(candle)}`);
    }
    if (index === 0) before = skipped.length;
    else between += skipped.length;
    next += 1;
  }
  return { before, between };
}

export function candlesOf(updates: readonly ReceivedUpdate[], subscription: number, live: boolean): Candle[] {
  return updates.filter((update) => update.subscription === subscription && update.live === live).map((update) => update.candle);
}
