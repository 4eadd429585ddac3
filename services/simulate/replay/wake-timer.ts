// A sleep that can be cut short: the replay sleeps until its next trade is
// due, and a pause, a resume or a shutdown must wake it to recompute.

export class WakeTimer {
  private wakeCurrent: (() => void) | undefined;

  /** Resolves after `ms` (never when Infinity) or at the next wake(), whichever is first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        if (this.wakeCurrent === done) this.wakeCurrent = undefined;
        resolve();
      };
      if (Number.isFinite(ms)) timer = setTimeout(done, Math.max(0, ms));
      this.wakeCurrent = done;
    });
  }

  wake(): void {
    this.wakeCurrent?.();
  }
}
