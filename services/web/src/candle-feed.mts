// One StreamCandles subscription that stays up: it reconnects with backoff
// when the stream ends or fails, asking for history again so the chart is
// whole after a gap, and reports each state change for the status badge.
import type { Candle } from '../../../common/gen/wick/v1/candle_pb.js';
import type { CandleClient } from './api.mjs';

export type FeedState = 'connecting' | 'live' | 'reconnecting';

export interface FeedEvents {
  /** The history that starts a (re)connected stream, oldest first. */
  history(candles: readonly Candle[]): void;
  update(candle: Candle): void;
  state(state: FeedState, detail?: string): void;
}

export interface FeedOptions {
  readonly symbol: string;
  readonly interval: string;
  readonly history: number;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/** Runs until `signal` aborts. */
export async function followCandles(client: CandleClient, options: FeedOptions, events: FeedEvents, signal: AbortSignal): Promise<void> {
  let delay = FIRST_RETRY_MS;
  events.state('connecting');
  while (!signal.aborted) {
    try {
      const history: Candle[] = [];
      let live = false;
      const stream = client.streamCandles(
        { subscriptions: [{ symbol: options.symbol, interval: options.interval }], history: options.history },
        { signal },
      );
      for await (const response of stream) {
        const event = response.event;
        if (event.case === 'candleUpdate' && event.value.candle !== undefined) {
          if (live) events.update(event.value.candle);
          else history.push(event.value.candle);
        } else if (event.case === 'historyComplete') {
          live = true;
          delay = FIRST_RETRY_MS;
          events.history(history);
          events.state('live');
        }
      }
      if (signal.aborted) return;
      events.state('reconnecting', 'the stream ended');
    } catch (error) {
      if (signal.aborted) return;
      events.state('reconnecting', error instanceof Error ? error.message : String(error));
    }
    await sleep(delay, signal);
    delay = Math.min(MAX_RETRY_MS, delay * 2);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
