// Binance's market-data WebSocket: combined streams (/stream?streams=...),
// as many `<symbol>@aggTrade` streams in the URL as fit comfortably and the
// rest subscribed with paced SUBSCRIBE requests; a connection is live once
// every SUBSCRIBE is answered. A serverShutdown event moves the streams to a
// new connection before the old one goes. Trades and rejected frames go to
// the sink; everything else stays here.
import type { Trade } from '../../../common/candles/trade.js';
import type { FeedConnection } from '../feed/feed-connection.js';
import { RealtimeFeed, type FeedDependencies, type FeedSettings } from '../feed/realtime-feed.js';
import { parseFrameBytes, type Rejected, type RequestId } from './aggtrade-mapper.js';
import { BINANCE_FEED_LIMITS, MAX_STREAMS_PER_CONNECTION, STREAMS_PER_SUBSCRIBE, URL_STREAMS_BUDGET } from './limits.js';

export interface TradeSink {
  /** `raw` is the frame's bytes, for a dead letter should the trade fail validation. */
  trade(trade: Trade, receivedAt: number, raw: Buffer): void;
  /** A frame that is not a valid aggTrade or control message, with its bytes. */
  rejected(raw: Buffer, rejection: Rejected, receivedAt: number): void;
}

/** `BTCUSDT` -> `btcusdt@aggTrade`: stream names are lower case. */
export function aggTradeStream(symbol: string): string {
  return `${symbol.toLowerCase()}@aggTrade`;
}

/** Which streams of a connection go in its URL and which are subscribed after it opens. */
export function splitStreams(streams: readonly string[]): { readonly inUrl: readonly string[]; readonly subscribed: readonly string[] } {
  let length = 0;
  let count = 0;
  for (const stream of streams) {
    length += stream.length + 1;
    if (count > 0 && length > URL_STREAMS_BUDGET) break;
    count += 1;
  }
  return { inUrl: streams.slice(0, count), subscribed: streams.slice(count) };
}

export class BinanceFeed extends RealtimeFeed {
  private readonly pendingRequests = new Map<FeedConnection, Set<RequestId>>();
  private nextRequestId = 1;

  constructor(
    private readonly baseUrl: string,
    settings: FeedSettings,
    deps: FeedDependencies,
    private readonly sink: TradeSink,
  ) {
    if (settings.streamsPerConnection > MAX_STREAMS_PER_CONNECTION) {
      throw new Error(`Binance allows at most ${MAX_STREAMS_PER_CONNECTION} streams per connection, not ${settings.streamsPerConnection}`);
    }
    super(settings, BINANCE_FEED_LIMITS, deps);
  }

  protected connectionUrl(streams: readonly string[]): string {
    const { inUrl } = splitStreams(streams);
    return `${this.baseUrl.replace(/\/+$/, '')}/stream?streams=${inUrl.join('/')}`;
  }

  protected onOpen(connection: FeedConnection): void {
    const { subscribed } = splitStreams(connection.streams);
    if (subscribed.length === 0) {
      this.markLive(connection);
      return;
    }
    const pending = new Set<RequestId>();
    this.pendingRequests.set(connection, pending);
    for (let start = 0; start < subscribed.length; start += STREAMS_PER_SUBSCRIBE) {
      const id = this.nextRequestId++;
      pending.add(id);
      connection.send(JSON.stringify({ method: 'SUBSCRIBE', params: subscribed.slice(start, start + STREAMS_PER_SUBSCRIBE), id }));
    }
  }

  protected onData(connection: FeedConnection, data: Buffer, receivedAt: number): void {
    const frame = parseFrameBytes(data);
    switch (frame.kind) {
      case 'trade':
        this.sink.trade(frame.trade, receivedAt, data);
        return;
      case 'invalid':
        this.sink.rejected(data, frame, receivedAt);
        return;
      case 'server-shutdown':
        this.replace(connection, 'server-shutdown');
        return;
      case 'response':
        this.answered(connection, frame.id);
        return;
      case 'error':
        // A refused SUBSCRIBE leaves streams missing: start over on a fresh connection.
        this.deps.logger.error({ connection: connection.id, id: frame.id, code: frame.code, reason: frame.message }, 'Binance refused a request');
        this.fail(connection, 'request-failed');
        return;
      case 'other':
        return;
    }
  }

  protected onClosed(connection: FeedConnection): void {
    this.pendingRequests.delete(connection);
  }

  private answered(connection: FeedConnection, id: RequestId): void {
    const pending = this.pendingRequests.get(connection);
    if (pending === undefined || !pending.delete(id)) return;
    if (pending.size === 0) {
      this.pendingRequests.delete(connection);
      this.markLive(connection);
    }
  }
}
