// What a simulator is started with. Every limit Binance documents is an
// option with Binance's value as the default, so tests can shrink a
// 20-second ping or a 24-hour connection lifetime to milliseconds without
// changing the behaviour being tested.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RecordingFormat } from '../../common/recordings/recorded-trade.js';

/** Binance's WebSocket limits (web-socket-streams.md, "General WSS information" and "WebSocket Limits"). */
export interface WsLimits {
  /** A ping frame every 20 s. */
  readonly pingIntervalMs: number;
  /** No pong echoing a ping within a minute: disconnected. */
  readonly pongTimeoutMs: number;
  /** A connection is only valid for 24 hours. */
  readonly connectionLifetimeMs: number;
  /** A single connection can listen to at most 1024 streams. */
  readonly maxStreamsPerConnection: number;
  /** 5 incoming messages (ping, pong, JSON request) per second. */
  readonly maxIncomingPerSecond: number;
  /** Kline updates per stream at most this often: 2000 ms (1000 ms for 1s klines, see klineUpdateMs1s). */
  readonly klineUpdateMs: number;
  readonly klineUpdateMs1s: number;
  /** A client that keeps more than this many bytes unsent is cut off (paced replay) or waited for (as fast as possible). */
  readonly maxBufferedBytes: number;
  /** As fast as possible: how long the replay waits for a slow client before cutting it off. */
  readonly slowClientTimeoutMs: number;
}

/** Binance's REST request-weight limit (rest-api.md, "LIMITS"; enums.md, "Rate limiters"). */
export interface RestLimits {
  /** REQUEST_WEIGHT limit per window: 6000 per minute. */
  readonly weightLimit: number;
  /** Window length; Binance's is one minute. The header name follows it: X-MBX-USED-WEIGHT-1M. */
  readonly weightWindowMs: number;
}

/** Faults active from the start (each can also be triggered later through `faults` or the control endpoint). */
export interface StartFaults {
  /** Delay every frame by this many ms. */
  readonly delayMs?: number;
  /** Refuse new WebSocket connections for this long after start. */
  readonly refuseForMs?: number;
  /** Drop every connection (abruptly) this often. */
  readonly dropEveryMs?: number;
  /** Send serverShutdown to every connection this often, closing each after `shutdownGraceMs`. */
  readonly shutdownEveryMs?: number;
  readonly shutdownGraceMs?: number;
  /** After every n-th published trade, send one malformed frame (alternately invalid JSON and wrong field types) on that trade's stream. */
  readonly malformedEvery?: number;
}

export type ClockMode =
  /** Times are the recording's own (plus a shift per loop): klines equal Binance's historical ones. */
  | 'recorded'
  /** Times are shifted so the replay starts at the wall clock: E and T are "now", for latency measurements. */
  | 'wall';

export interface SimulatorOptions {
  /** Recording to replay: data.binance.vision aggTrades or trades CSV, or recorded WebSocket JSONL. */
  readonly input: string;
  /** Skips format detection. */
  readonly format?: RecordingFormat;
  /** Symbol of CSV rows when the file name does not say it (data.binance.vision names files SYMBOL-aggTrades-...). */
  readonly symbol?: string;
  /** Bind address; default 127.0.0.1. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Replay speed relative to the recording's trade times; default 1. Ignored with asFastAsPossible. */
  readonly speed?: number;
  readonly asFastAsPossible?: boolean;
  /** Start over at the end, ids and times continuing from where the previous pass ended. */
  readonly loop?: boolean;
  /** Start position, in the recording's time (ms): earlier trades are history (REST) at start, the stream begins here. */
  readonly startTime?: number;
  /** Default 'recorded'. */
  readonly clock?: ClockMode;
  /** Start with the replay paused; call replay.resume() (or POST /__control/resume). */
  readonly startPaused?: boolean;
  readonly ws?: Partial<WsLimits>;
  readonly rest?: Partial<RestLimits>;
  /** Published trades kept per symbol for REST (aggTrades, klines); older ones are forgotten. Default 1,000,000. */
  readonly historyLimit?: number;
  readonly faults?: StartFaults;
  /** Where the simulator's metrics go; a private registry when absent. */
  readonly registry?: Registry;
  readonly logger?: Logger;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  connectionLifetimeMs: 24 * 3_600_000,
  maxStreamsPerConnection: 1024,
  maxIncomingPerSecond: 5,
  klineUpdateMs: 2_000,
  klineUpdateMs1s: 1_000,
  maxBufferedBytes: 64 * 1024 * 1024,
  slowClientTimeoutMs: 30_000,
};

export const DEFAULT_REST_LIMITS: RestLimits = { weightLimit: 6_000, weightWindowMs: 60_000 };

export const DEFAULT_HISTORY_LIMIT = 1_000_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 1_000;
