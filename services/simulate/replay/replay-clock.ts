// The simulated exchange's clock. It runs at `rate` simulated ms per wall ms
// from an anchor: `speed` for a paced replay, 0 while replaying as fast as
// possible (the clock then jumps to each trade as it is published), and 1
// once an as-fast-as-possible replay has ended, so the last klines still
// close. Pausing freezes it. The wall clock is injected for tests.

export class ReplayClock {
  private simAnchor: number;
  private wallAnchor: number;
  private rate: number;
  private paused = false;

  constructor(
    private readonly wall: () => number,
    startSimMs: number,
    rate: number,
    /**
     * paused: frozen at `startSimMs` until the first resume(). Pausing a
     * clock created running would keep whatever ms ticked in between, and
     * in the wall clock mode that puts trades ahead of the wall clock.
     */
    options: { readonly paused?: boolean } = {},
  ) {
    if (!(rate >= 0) || !Number.isFinite(rate)) throw new Error(`clock rate must be a finite number >= 0, got ${rate}`);
    this.simAnchor = startSimMs;
    this.wallAnchor = wall();
    this.rate = rate;
    this.paused = options.paused ?? false;
  }

  /** Simulated ms now. */
  now(): number {
    // Rate 0 (as fast as possible) needs no wall clock: asked for several times per trade published.
    if (this.paused || this.rate === 0) return this.simAnchor;
    return this.simAnchor + Math.floor((this.wall() - this.wallAnchor) * this.rate);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.reanchor();
    this.paused = true;
  }

  resume(): void {
    this.reanchor();
    this.paused = false;
  }

  setRate(rate: number): void {
    this.reanchor();
    this.rate = rate;
  }

  /** Moves the clock forward to `simMs` (never back). */
  jumpTo(simMs: number): void {
    this.reanchor();
    if (simMs > this.simAnchor) this.simAnchor = simMs;
  }

  /** Wall ms until the clock reads `simMs`: 0 when it already does, Infinity when it never will (paused or stopped). */
  wallMsUntil(simMs: number): number {
    const ahead = simMs - this.now();
    if (ahead <= 0) return 0;
    if (this.paused || this.rate === 0) return Infinity;
    return Math.ceil(ahead / this.rate);
  }

  private reanchor(): void {
    this.simAnchor = this.now();
    this.wallAnchor = this.wall();
  }
}
