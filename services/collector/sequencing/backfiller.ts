// Fills gaps over REST. One loop per symbol asks for the page starting at
// the sequencer's next id until the gap is closed and REST has nothing
// newer; a probe (after a restart) asks at least once. REST often lags the
// stream by a moment, so a gap REST cannot close yet is polled again; ids
// REST never produces are given up after a while, logged and counted, so
// one missing id cannot hold a symbol back forever. A resync cancels every
// loop: pages fetched for an older state are never applied.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { SequencedTrade } from './sequenced-trade.js';
import { Semaphore } from './semaphore.js';
import type { SymbolSequencer } from './symbol-sequencer.js';

export interface BackfillPage {
  /** Valid trades of the page, ascending ids. */
  readonly trades: readonly SequencedTrade[];
  /** Ids of rows that were unusable (dead-lettered): nothing better will come for them. */
  readonly rejectedIds: ReadonlySet<number>;
  /** The page was as long as REST pages get: more may follow at once. */
  readonly full: boolean;
}

export interface BackfillSource {
  page(symbol: string, fromId: number, signal: AbortSignal): Promise<BackfillPage>;
}

export interface BackfillTarget {
  sequencer(symbol: string): SymbolSequencer | undefined;
  /** Trades the sequencer released, in order. */
  publish(trades: SequencedTrade[]): void;
  unrecoverable(symbol: string, count: number): void;
}

export interface BackfillOptions {
  /** REST requests in flight at once, all symbols together. */
  readonly concurrency: number;
  /** Wait before asking again when REST does not reach the gap yet. */
  readonly pollDelayMs: number;
  /** Give up ids REST has not produced after this long without progress. */
  readonly giveUpAfterMs: number;
  /** Wait after a request failed for good (its retries exhausted) before trying again. */
  readonly failureDelayMs: number;
}

export class Backfiller {
  private readonly semaphore: Semaphore;
  private readonly loops = new Map<string, { readonly epoch: number; probe: boolean; readonly done: Promise<void> }>();
  private epoch = 0;
  private controller = new AbortController();

  constructor(
    private readonly source: BackfillSource,
    private readonly target: BackfillTarget,
    private readonly options: BackfillOptions,
    private readonly logger: Logger,
  ) {
    this.semaphore = new Semaphore(options.concurrency);
  }

  /** Runs a loop for `symbol` unless one is running; `probe` asks REST at least once even without a known gap. */
  request(symbol: string, probe: boolean): void {
    const running = this.loops.get(symbol);
    if (running !== undefined && running.epoch === this.epoch) {
      running.probe ||= probe;
      return;
    }
    const state = { epoch: this.epoch, probe, done: Promise.resolve() };
    this.loops.set(symbol, state);
    state.done = this.loop(symbol, state, this.controller.signal).finally(() => {
      if (this.loops.get(symbol) === state) this.loops.delete(symbol);
    });
  }

  get active(): number {
    return [...this.loops.values()].filter((loop) => loop.epoch === this.epoch).length;
  }

  /** Abandons every loop; their pages, if any arrive, are dropped. */
  cancelAll(): void {
    this.epoch += 1;
    this.controller.abort(new Error('backfill cancelled'));
    this.controller = new AbortController();
  }

  async stop(): Promise<void> {
    this.cancelAll();
    await Promise.allSettled([...this.loops.values()].map((loop) => loop.done));
  }

  private async loop(symbol: string, state: { readonly epoch: number; probe: boolean }, signal: AbortSignal): Promise<void> {
    let more = false;
    let stalledSince: number | undefined;
    while (state.epoch === this.epoch) {
      const sequencer = this.target.sequencer(symbol);
      const from = sequencer?.next;
      if (sequencer === undefined || sequencer.isRestoring || from === undefined) return;
      if (!sequencer.hasGap && !state.probe && !more) return;
      const page = await this.fetch(symbol, from, signal);
      if (state.epoch !== this.epoch) return;
      if (page === undefined) {
        await this.pause(this.options.failureDelayMs, signal);
        continue;
      }
      state.probe = false;
      more = page.full;
      const progressed = this.apply(sequencer, page);
      if (more || !sequencer.hasGap) {
        stalledSince = undefined;
        continue;
      }
      // The gap is still open and REST has nothing newer yet.
      const now = Date.now();
      stalledSince = progressed ? now : (stalledSince ?? now);
      if (now - stalledSince >= this.options.giveUpAfterMs) {
        this.giveUp(sequencer);
        stalledSince = undefined;
        continue;
      }
      await this.pause(this.options.pollDelayMs, signal);
    }
  }

  /** Hands the page to the sequencer; skips ids that REST sent unusable. Returns whether anything was published. */
  private apply(sequencer: SymbolSequencer, page: BackfillPage): boolean {
    const out: SequencedTrade[] = [];
    let outcome = sequencer.onRest(page.trades, out);
    let published = outcome.published;
    while (outcome.missingNext && sequencer.next !== undefined && page.rejectedIds.has(sequencer.next)) {
      this.target.unrecoverable(sequencer.symbol, sequencer.skipTo(sequencer.next + 1, out));
      outcome = sequencer.onRest(page.trades, out);
      published += outcome.published;
    }
    if (out.length > 0) this.target.publish(out);
    return published > 0;
  }

  private giveUp(sequencer: SymbolSequencer): void {
    const from = sequencer.next;
    const to = sequencer.gapEnd;
    if (from === undefined || to === undefined) return;
    const out: SequencedTrade[] = [];
    const skipped = sequencer.skipTo(to, out);
    this.logger.error({ symbol: sequencer.symbol, from, to: to - 1, skipped, afterMs: this.options.giveUpAfterMs }, 'neither REST nor the stream has these aggregate trade ids; giving up on them');
    this.target.unrecoverable(sequencer.symbol, skipped);
    if (out.length > 0) this.target.publish(out);
  }

  private async fetch(symbol: string, fromId: number, signal: AbortSignal): Promise<BackfillPage | undefined> {
    try {
      await this.semaphore.acquire(signal);
    } catch {
      return undefined;
    }
    try {
      return await this.source.page(symbol, fromId, signal);
    } catch (error) {
      if (!signal.aborted) this.logger.error({ err: error, symbol, fromId }, 'backfill request failed; trying again later');
      return undefined;
    } finally {
      this.semaphore.release();
    }
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      // Cancelled: the loop sees the new epoch and ends.
    }
  }
}
