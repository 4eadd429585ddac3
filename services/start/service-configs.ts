// The settings of each composed service in the embedded mode: every
// service's own defaults (its spec read with no flags and no environment,
// so they can never drift from `wick <service> --help`), with the few
// values `wick start` decides. Services that run in one process share one
// log level and one service name.
import { loadConfig } from '../../common/config/index.js';
import { analyticsSettings, type AnalyticsConfig } from '../analytics-api/settings.js';
import { collectorSettings, type CollectorConfig } from '../collector/settings.js';
import { preprocessorSettings, type PreprocessorConfig } from '../preprocessor/settings.js';
import { querySettings, type QueryConfig } from '../query-service/settings.js';
import type { StartConfig } from './settings.js';

/**
 * Partitions of the in-process trade topic. Fixed: saved checkpoints belong
 * to a partition through the key hash, so changing it orphans them.
 */
export const EMBEDDED_PARTITIONS = 4;

export function collectorConfig(start: StartConfig, symbols: readonly string[]): CollectorConfig {
  return { ...loadConfig(collectorSettings, [], {}), symbols, partitions: EMBEDDED_PARTITIONS, logLevel: start.logLevel };
}

export function preprocessorConfig(start: StartConfig): PreprocessorConfig {
  return {
    ...loadConfig(preprocessorSettings, [], {}),
    intervals: start.intervals,
    // The wall clock's pace even for a sped-up replay: while it runs, its
    // trades close the candles; once it ends, N times the pace would pour
    // flat candles into the charts at N per interval length (hundreds a
    // second for a replay of days in seconds).
    idleClockRate: 1,
    logLevel: start.logLevel,
  };
}

export function analyticsConfig(start: StartConfig): AnalyticsConfig {
  return { ...loadConfig(analyticsSettings, [], {}), dataDir: start.dataDir, logLevel: start.logLevel };
}

export function queryConfig(start: StartConfig): QueryConfig {
  return { ...loadConfig(querySettings, [], {}), dataDir: start.dataDir, logLevel: start.logLevel };
}
