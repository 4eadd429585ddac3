// Writes text lines to a stream in large chunks and lets the producer wait
// when the stream is full, so a slow reader of stdout (a pipe into gzip, a
// terminal) throttles the whole pipeline instead of growing our memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const DEFAULT_CHUNK_CHARS = 64 * 1024;

export class LineWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: Error | undefined;

  constructor(
    private readonly out: Writable,
    private readonly chunkChars = DEFAULT_CHUNK_CHARS,
  ) {
    // Without a listener a write error (EPIPE when `| head` exits) would be
    // an uncaught exception; recorded here, it stops the pipeline cleanly.
    out.on('error', this.onError);
  }

  /** The stream's error, once it failed; the producer should stop. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Queues a line (with its "\n"); synchronous, so it can run inside the engine's callback. */
  push(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= this.chunkChars) this.flushPending();
  }

  /** Hands queued lines to the stream and waits while the stream is over its high-water mark. */
  async drain(): Promise<void> {
    this.flushPending();
    if (this.failure === undefined && this.out.writableNeedDrain) await this.waitForDrain();
  }

  /** Waits until everything written so far has left the stream; leaves the stream open (it may be stdout). */
  async flush(): Promise<void> {
    await this.drain();
    if (this.failure !== undefined || this.out.destroyed) return;
    await new Promise<void>((resolve) => this.out.write('', () => resolve()));
  }

  /** Stops listening to the stream. */
  release(): void {
    this.out.off('error', this.onError);
  }

  private flushPending(): void {
    if (this.pending.length === 0 || this.failure !== undefined) return;
    this.out.write(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  private async waitForDrain(): Promise<void> {
    // The abort removes the listener of whichever event did not happen.
    const abort = new AbortController();
    const options = { signal: abort.signal };
    try {
      await Promise.race([once(this.out, 'drain', options), once(this.out, 'close', options)]);
    } catch {
      // An 'error' event rejects the race; onError has recorded it.
    } finally {
      abort.abort();
    }
  }

  private readonly onError = (error: Error): void => {
    this.failure ??= error;
  };
}
