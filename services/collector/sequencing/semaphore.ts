// At most `limit` holders at once; waiters are served in arrival order and
// leave the queue when their abort signal fires.

export class Semaphore {
  private held = 0;
  private readonly waiters: Array<{ grant: () => void; signal: AbortSignal; onAbort: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`semaphore limit must be an integer >= 1, got ${limit}`);
  }

  acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.held < this.limit) {
      this.held += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        signal,
        grant: () => {
          signal.removeEventListener('abort', waiter.onAbort);
          resolve();
        },
        onAbort: () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter; `held` stays the same.
    if (next !== undefined) next.grant();
    else this.held -= 1;
  }
}
