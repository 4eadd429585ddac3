// The wall clock mode (--clock wall) promises trade and event times that are
// "now": the timeline is shifted so the replay runs on the wall clock. The
// shift can only be right if it is fixed when the replay actually runs, not
// when the simulator starts assembling: scanning the recording, preloading
// history and opening the port take time, and a simulator started paused
// waits for its first resume. So the anchor moves the timeline forward by
// every stretch of wall time the replay spends not running (start-up, and
// each pause), right before it runs again; the simulated clock jumps with it,
// so the next trade is due exactly when it would have been, only later.
// Trades already published (the history before --start-time included) keep
// their times, and times never go back: an idle stretch just looks like a
// quiet market.
import type { LoopShift } from './loop-shift.js';
import type { ReplayClock } from './replay-clock.js';

export class WallAnchor {
  /** Wall ms since which the replay has not run; undefined while it runs. */
  private idleSince: number | undefined;

  /**
   * `shift` must have been set up at wall time `anchoredAt` (its base shift
   * = anchoredAt - start of the replay), with `clock` paused since.
   */
  constructor(
    private readonly shift: LoopShift,
    private readonly clock: ReplayClock,
    private readonly wall: () => number,
    anchoredAt: number,
  ) {
    this.idleSince = anchoredAt;
  }

  /** The replay stops running (paused). */
  stopped(): void {
    this.idleSince ??= this.wall();
  }

  /** The replay is about to run again: the timeline moves forward by the wall time it stood still. */
  starting(): void {
    if (this.idleSince === undefined) return;
    const idle = Math.max(0, this.wall() - this.idleSince);
    this.idleSince = undefined;
    this.shift.advance(idle);
    this.clock.jumpTo(this.clock.now() + idle);
  }
}
