// Turns --source and --rest-url into the URLs the collector connects to.
// `simulate:FILE` starts the built-in Binance simulator on 127.0.0.1 (a free
// port) replaying FILE and points the collector at it: the offline source
// of the embedded mode, with no other difference for the collector.
import type { Logger } from 'pino';
import { startSimulator } from '../simulate/simulator.js';
import { defaultRestUrl, type CollectorSource } from './settings.js';

export interface ResolvedSource {
  readonly wsUrl: string;
  readonly restUrl: string;
  /** Stops what the source started (the simulator); nothing for a URL. */
  close(): Promise<void>;
}

export async function openSource(source: CollectorSource, restUrl: string | undefined, logger: Logger): Promise<ResolvedSource> {
  if (source.kind === 'url') return { wsUrl: source.url, restUrl: restUrl ?? defaultRestUrl(source.url), close: async () => undefined };
  const simulator = await startSimulator({ input: source.file, host: '127.0.0.1', port: 0, logger: logger.child({ component: 'simulator' }) });
  logger.info({ file: source.file, url: simulator.url, symbols: simulator.recording.symbols.map((entry) => entry.symbol) }, 'replaying a recording through the built-in simulator');
  return { wsUrl: simulator.url, restUrl: restUrl ?? simulator.restUrl, close: () => simulator.close() };
}
