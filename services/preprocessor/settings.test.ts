import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommandLine } from '../../common/config/index.js';
import { buildPreprocessorSettings } from './build-settings.js';
import { preprocessorDoc, preprocessorSettings, type PreprocessorConfig } from './settings.js';

function config(args: string[], env: Record<string, string> = {}): PreprocessorConfig {
  const line = parseCommandLine(preprocessorDoc, preprocessorSettings, args, env);
  if (line.kind !== 'run') throw new Error('expected a configuration');
  return line.config;
}

describe('preprocessor settings', () => {
  it('defaults to the default intervals, the conventional topics and the wick-preprocessor group', () => {
    const settings = buildPreprocessorSettings(config([]));
    expect(settings.engine).toEqual({ intervals: ['1m', '5m', '15m', '1h', '4h', '1d'], timezoneOffsetMinutes: 0, graceMs: 2_000, partialThrottleMs: 250, revisionWindow: 10 });
    expect(settings).toMatchObject({
      groupId: 'wick-preprocessor',
      tradesTopic: 'wick.trades.v1',
      candlesTopic: 'wick.candles.v1',
      deadLetterTopic: 'wick.trades.v1.dlq',
      scope: 'wick:preprocessor:wick-preprocessor',
    });
    expect(config([]).httpPort).toBe(9102);
  });

  it('reads flags and WICK_* variables, and keeps the intervals in Binance order', () => {
    const settings = buildPreprocessorSettings(
      config(['--intervals', '1d,1m,1w', '--timezone', '+08:00', '--topic-prefix', 'test-1.', '--checkpoint-interval', '200ms'], { WICK_GROUP_ID: 'g', WICK_IDLE_CLOCK_RATE: '86400' }),
    );
    expect(settings.engine.intervals).toEqual(['1m', '1d', '1w']);
    expect(settings.engine.timezoneOffsetMinutes).toBe(480);
    expect(settings).toMatchObject({ tradesTopic: 'test-1.wick.trades.v1', deadLetterTopic: 'test-1.wick.trades.v1.dlq', groupId: 'g', scope: 'wick:preprocessor:g' });
    expect(settings.timing).toMatchObject({ checkpointIntervalMs: 200, idleClockRate: 86_400 });
  });

  it('refuses a bad value with one line naming it', () => {
    expect(() => config(['--intervals', '1m,2m'])).toThrow(ConfigError);
    expect(() => config(['--intervals', '1m,2m'])).toThrow(/--intervals/);
    expect(() => config(['--timezone', '+15:00'])).toThrow(/--timezone/);
    expect(() => config([], { WICK_IDLE_CLOCK_RATE: '0' })).toThrow(/WICK_IDLE_CLOCK_RATE/);
    expect(() => config(['--kafka-session-timeout', '1s'])).toThrow(/--kafka-session-timeout/);
  });
});
