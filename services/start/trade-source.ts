// Where `wick start` takes its trades from: live Binance, or a recording
// replayed by the built-in simulator (after a restart, from where the saved
// state ends rather than from the beginning). The simulator starts paused and the
// replay begins once the collector's streams are live, so the first trades
// of the recording reach the candles too (a live stream has no beginning to
// miss; a replay does).
import type { Logger } from '../../common/log/index.js';
import { defaultRestUrl, type CollectorSource } from '../collector/settings.js';
import { startSimulator, type Simulator } from '../simulate/simulator.js';

export interface TradeSource {
  readonly wsUrl: string;
  readonly restUrl: string;
  /** The recording's symbols; undefined for a live source. */
  readonly symbols: readonly string[] | undefined;
  /** Called once the collector listens: a replay begins. */
  begin(): void;
  close(): Promise<void>;
}

export interface ReplayOptions {
  /** Recorded time per wall-clock time. */
  readonly speed: number;
  /** Stream from this recorded time on (earlier trades are REST history); from the beginning when undefined. */
  readonly resumeAt: number | undefined;
}

export async function openTradeSource(source: CollectorSource, replay: ReplayOptions, logger: Logger): Promise<TradeSource> {
  if (source.kind === 'url') {
    return { wsUrl: source.url, restUrl: defaultRestUrl(source.url), symbols: undefined, begin: () => undefined, close: async () => undefined };
  }
  const simulator: Simulator = await startSimulator({
    input: source.file,
    host: '127.0.0.1',
    port: 0,
    speed: replay.speed,
    startTime: replay.resumeAt,
    startPaused: true,
    logger: logger.child({ component: 'simulator' }),
  });
  const symbols = simulator.recording.symbols.map((entry) => entry.symbol);
  const from = replay.resumeAt === undefined ? 'the beginning' : new Date(replay.resumeAt).toISOString();
  logger.info({ file: source.file, speed: replay.speed, symbols, from }, 'replaying a recording through the built-in simulator');
  return {
    wsUrl: simulator.url,
    restUrl: simulator.restUrl,
    symbols,
    begin: () => {
      if (simulator.replay.paused) simulator.replay.resume();
    },
    close: () => simulator.close(),
  };
}

/**
 * One quick REST call, so that a machine without Internet access learns at
 * once what to do instead of watching reconnect attempts. Never throws.
 */
export async function probeBinance(restUrl: string, logger: Logger, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(`${restUrl}/api/v3/ping`, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) return true;
    logger.warn({ restUrl, status: response.status }, `Binance answered ${response.status} at ${restUrl}; offline, run: wick start --source simulate:<file> (a recorded aggTrades CSV or WebSocket JSONL)`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ restUrl, reason }, `cannot reach Binance at ${restUrl} (${reason}); offline, run: wick start --source simulate:<file> (a recorded aggTrades CSV or WebSocket JSONL)`);
  }
  return false;
}
