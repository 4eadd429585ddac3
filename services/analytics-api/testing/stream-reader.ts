// Reads a StreamCandles stream in the background, optionally slowly, keeping
// every event and the error that ended it, so a test can wait for a
// condition and then inspect what arrived.
import { ConnectError } from '@connectrpc/connect';
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';
import type { StreamCandlesResponse } from '../../../common/gen/wick/v1/candle_service_pb.js';

export type StreamEvent = StreamCandlesResponse['event'];

export interface ReceivedUpdate {
  readonly subscription: number;
  readonly sequence: number;
  readonly candle: Candle;
  /** Received after the subscription's HistoryComplete. */
  readonly live: boolean;
}

export class StreamReader {
  readonly events: StreamEvent[] = [];
  error: ConnectError | undefined;
  ended = false;
  private readonly controller = new AbortController();
  private notify: (() => void) | undefined;

  /** `open` starts the call with the reader's signal; `pauseMs` (if any) is awaited after each message. */
  constructor(open: (signal: AbortSignal) => AsyncIterable<StreamCandlesResponse>, private pauseMs: () => number = () => 0) {
    void this.read(open(this.controller.signal));
  }

  /** From now on, read without pausing. */
  hurry(): void {
    this.pauseMs = () => 0;
  }

  abort(): void {
    this.controller.abort();
  }

  async waitFor(condition: (reader: StreamReader) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (this.ended && !condition(this)) throw new Error(`stream ended (${this.error?.message ?? 'ok'}) before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.events.length} events so far`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Candle updates in arrival order, marked history or live by the HistoryComplete of their subscription. */
  updates(): ReceivedUpdate[] {
    const complete = new Set<number>();
    const updates: ReceivedUpdate[] = [];
    for (const event of this.events) {
      if (event.case === 'historyComplete') complete.add(event.value.subscriptionIndex);
      if (event.case !== 'candleUpdate' || event.value.candle === undefined) continue;
      const { subscriptionIndex, sequence, candle } = event.value;
      updates.push({ subscription: subscriptionIndex, sequence: Number(sequence), candle, live: complete.has(subscriptionIndex) });
    }
    return updates;
  }

  private async read(messages: AsyncIterable<StreamCandlesResponse>): Promise<void> {
    try {
      for await (const message of messages) {
        this.events.push(message.event);
        this.notify?.();
        const pause = this.pauseMs();
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    } catch (error) {
      this.error = ConnectError.from(error);
    } finally {
      this.ended = true;
      this.notify?.();
    }
  }
}

/** A candle version in a few characters: "<open time>:P<trade count>" or "<open time>:F<revision>". */
export function version(candle: Pick<Candle, 'openTime' | 'closed' | 'revision' | 'tradeCount'>): string {
  return `${candle.openTime}:${candle.closed ? `F${candle.revision}` : `P${candle.tradeCount}`}`;
}
