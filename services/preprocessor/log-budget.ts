// Caps how many lines of one kind a flood can write: a replay full of late
// trades must not drown the log. Past the budget of a window, lines are
// counted, and the first line of the next window says how many were left out.
export class LogBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private spent = 0;
  private suppressed = 0;

  constructor(
    private readonly linesPerWindow: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Whether a line may be written now, and how many were left out since the last one written. */
  take(): { readonly allowed: boolean; readonly suppressed: number } {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.spent = 0;
    }
    if (this.spent >= this.linesPerWindow) {
      this.suppressed++;
      return { allowed: false, suppressed: 0 };
    }
    this.spent++;
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return { allowed: true, suppressed };
  }
}
