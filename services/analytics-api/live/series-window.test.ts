import { describe, expect, it } from 'vitest';
import { describeCandles, live } from '../testing/live-candles.js';
import { DEDUPE_WINDOW, SeriesWindow, SNAPSHOT_CANDLES } from './series-window.js';

describe('SeriesWindow', () => {
  it('accepts newer versions of a candle and drops re-deliveries', () => {
    const window = new SeriesWindow();
    expect(window.accept(live(0, 1, false))).toBe(true);
    expect(window.accept(live(0, 3, false))).toBe(true);
    expect(window.accept(live(0, 3, false))).toBe(false);
    expect(window.accept(live(0, 2, false))).toBe(false);
    expect(window.accept(live(0, 5, true))).toBe(true);
    expect(window.accept(live(0, 6, false))).toBe(false);
    expect(window.accept(live(0, 5, true))).toBe(false);
    expect(window.accept(live(0, 6, true, { revision: 1 }))).toBe(true);
    expect(window.accept(live(0, 5, true))).toBe(false);
  });

  it('drops a partial of a candle older than the newest one seen', () => {
    const window = new SeriesWindow();
    window.accept(live(5, 1, false));
    expect(window.accept(live(4, 9, false))).toBe(false);
    expect(window.accept(live(4, 9, true))).toBe(true);
    expect(window.accept(live(6, 1, false))).toBe(true);
  });

  it('keeps the running partial and the newest candles for snapshots', () => {
    const window = new SeriesWindow();
    for (let minute = 0; minute < 20; minute += 1) {
      window.accept(live(minute, 2, false));
      window.accept(live(minute, 3, true));
    }
    window.accept(live(20, 1, false));
    expect(window.currentPartial()?.tradeCount).toBe(1);
    const snapshot = describeCandles(window.snapshot());
    expect(snapshot).toHaveLength(SNAPSHOT_CANDLES);
    expect(snapshot.at(-1)).toBe('20P1');
    expect(snapshot[0]).toBe(`${21 - SNAPSHOT_CANDLES}F0`);
    window.accept(live(20, 4, true));
    expect(window.currentPartial()).toBeUndefined();
  });

  it('still dedupes candles older than the snapshot, within the window', () => {
    const window = new SeriesWindow();
    for (let minute = 0; minute < DEDUPE_WINDOW; minute += 1) window.accept(live(minute, 3, true));
    expect(window.accept(live(1, 3, true))).toBe(false);
    expect(window.accept(live(1, 4, true, { revision: 1 }))).toBe(true);
    // A revision of a candle outside the snapshot is not kept whole.
    expect(describeCandles(window.snapshot())).not.toContain('1F1');
  });

  it('passes finals older than the dedupe window (their revision speaks for them) but never such partials', () => {
    const window = new SeriesWindow();
    for (let minute = 100; minute < 100 + DEDUPE_WINDOW; minute += 1) window.accept(live(minute, 3, true));
    expect(window.accept(live(10, 3, true))).toBe(true);
    expect(window.accept(live(10, 3, false))).toBe(false);
  });
});
