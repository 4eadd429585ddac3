// Binance's documented limits (binance-spot-api-docs, web-socket-streams.md
// "WebSocket Limits" and rest-api.md "LIMITS"), and the share of them the
// collector allows itself.
import type { VenueLimits } from '../feed/realtime-feed.js';

/** "A single connection can listen to a maximum of 1024 streams." */
export const MAX_STREAMS_PER_CONNECTION = 1024;

/** "A single connection to stream.binance.com is only valid for 24 hours." */
export const MAX_CONNECTION_LIFETIME_MS = 24 * 3_600_000;

export const BINANCE_FEED_LIMITS: VenueLimits = {
  // "There is a limit of 300 connections per attempt every 5 minutes per IP."
  connectionAttempts: 300,
  connectionWindowMs: 5 * 60_000,
  // "WebSocket connections have a limit of 5 incoming messages per second",
  // pings, pongs and SUBSCRIBE included. Our requests get 3: ws answers the
  // server's ping (every 20 s) with a pong, and our second and Binance's
  // need not line up.
  messagesPerSecond: 3,
};

/** Streams per SUBSCRIBE request; Binance documents no bound, so stay modest. */
export const STREAMS_PER_SUBSCRIBE = 100;

/** Streams go in the connection URL up to this many characters of stream names; the rest are SUBSCRIBEd. */
export const URL_STREAMS_BUDGET = 1_500;

/** rest-api.md: the REQUEST_WEIGHT limiter, 6000 per minute per IP. */
export const REST_WEIGHT_LIMIT_PER_MINUTE = 6_000;

/** rest-api.md: weight of GET /api/v3/aggTrades and of GET /api/v3/exchangeInfo. */
export const AGG_TRADES_WEIGHT = 4;
export const EXCHANGE_INFO_WEIGHT = 20;

/** rest-api.md: GET /api/v3/aggTrades returns at most 1000 rows. */
export const AGG_TRADES_PAGE_LIMIT = 1_000;
