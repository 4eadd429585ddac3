// The defaults of an analytics-api instance, in one place: the command line
// (settings.ts) shows them in --help, and AnalyticsApi falls back to them
// when an embedding process (`wick start`) leaves an option out.
import type { StreamLimits } from './stream/stream-session.js';

export const CANDLES_TOPIC = 'wick.candles.v1';

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  queueCapacity: 2_000,
  maxLagMs: 30_000,
  heartbeatMs: 15_000,
  cutGraceMs: 10_000,
};

export const DEFAULT_MAX_STREAMS = 20_000;
export const DEFAULT_WARMUP_MESSAGES = 5_000;
export const DEFAULT_LATEST_SERIES = 200;
