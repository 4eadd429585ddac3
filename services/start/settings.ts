// The `wick start` command line, declared with common/config: the few
// settings a user of the all-in-one mode needs. Everything else each service
// offers keeps that service's default (service-configs.ts).
import { DEFAULT_INTERVALS, INTERVALS, parseInterval, type IntervalName } from '../../common/candles/intervals.js';
import { CandleError } from '../../common/candles/errors.js';
import {
  duration, list, logLevel, otlpEndpoint, port, serviceName, setting, str, ValueError, type CommandDoc, type ConfigOf, type Parser,
} from '../../common/config/index.js';
import { BINANCE_STREAM_URL, sourceParser } from '../collector/settings.js';

/** A handful of the most traded spot symbols: live candles move every second. */
export const DEFAULT_LIVE_SYMBOLS: readonly string[] = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT'];

export const startDoc: CommandDoc = {
  usage: 'wick start [--port 8080] [--data-dir ./data] [--symbols S,...] [--intervals 1m,5m,...] [--source simulate:FILE]',
  summary:
    'Runs the whole engine in one process: collector, preprocessor, analytics-api and query-service, wired through an ' +
    'in-process bus, with partial bars checkpointed into the embedded database (PGlite) under --data-dir. One port serves ' +
    'Connect, gRPC and gRPC-Web, /metrics, /healthz, /readyz and the live candlestick page at /.',
  details: [
    'The default source is live Binance. Offline, replay a recording through the built-in simulator:',
    '  --source simulate:FILE (aggTrades CSV, trades CSV or recorded WebSocket JSONL).',
    'A second start on the same --data-dir resumes: no candle is lost or counted twice across the restart.',
    '',
    'Examples:',
    '  wick start',
    '  wick start --symbols BTCUSDT,ETHUSDT --intervals 1m,1h',
    '  wick start --source simulate:../shared/data/binance/ws-2021-04/spot-btcusdt-ethusdt-dotusdt.jsonl',
  ].join('\n'),
};

const symbolParser: Parser<string> = {
  hint: 'SYMBOL',
  parse(raw) {
    if (!/^[A-Za-z0-9]{2,32}$/.test(raw)) throw new ValueError(`${JSON.stringify(raw)} is not a Binance symbol like BTCUSDT`);
    return raw.toUpperCase();
  },
  format: (value) => value,
};

const intervalParser: Parser<IntervalName> = {
  hint: INTERVALS.join('|'),
  parse(raw) {
    try {
      return parseInterval(raw.trim());
    } catch (error) {
      if (error instanceof CandleError) throw new ValueError(error.message);
      throw error;
    }
  },
  format: (value) => value,
};

/** Replay speed of the simulator: recorded time per wall-clock time, e.g. 1 or 60. */
const speedParser: Parser<number> = {
  hint: 'number',
  parse(raw) {
    const text = raw.trim();
    if (!/^\d{1,6}(?:\.\d{1,3})?$/.test(text) || !(Number(text) > 0)) throw new ValueError(`${JSON.stringify(raw)} is not a positive number like 1 or 60`);
    return Number(text);
  },
  format: (value) => String(value),
};

export const startSettings = {
  port: setting({ flag: 'port', env: 'WICK_PORT', description: 'Port of the API, the page, /metrics, /healthz and /readyz (0 picks a free port).', parser: port(), default: 8080 }),
  host: setting({ flag: 'host', env: 'WICK_HOST', description: 'Address the server binds (0.0.0.0 to serve other machines).', parser: str({ hint: 'host' }), default: '127.0.0.1' }),
  dataDir: setting({ flag: 'data-dir', env: 'WICK_DATA_DIR', description: 'Directory of the embedded database (candles and checkpoints).', parser: str({ hint: 'dir' }), default: './data' }),
  symbols: setting({ flag: 'symbols', env: 'WICK_SYMBOLS', description: `Symbols to collect (default: ${DEFAULT_LIVE_SYMBOLS.join(',')} live, every symbol of the recording with simulate:).`, parser: list(symbolParser) }),
  intervals: setting({ flag: 'intervals', env: 'WICK_INTERVALS', description: 'Candle intervals to build, comma-separated.', parser: list(intervalParser), default: DEFAULT_INTERVALS }),
  source: setting({ flag: 'source', env: 'WICK_SOURCE', description: 'Binance WebSocket base URL, or simulate:FILE to replay a recording through the built-in simulator.', parser: sourceParser, default: { kind: 'url', url: BINANCE_STREAM_URL } }),
  replaySpeed: setting({ flag: 'replay-speed', env: 'WICK_REPLAY_SPEED', description: 'With simulate:, how many times faster than recorded the replay runs.', parser: speedParser, default: 1 }),
  shutdownTimeout: setting({ flag: 'shutdown-timeout', env: 'WICK_SHUTDOWN_TIMEOUT', description: 'Upper bound on a graceful shutdown after Ctrl-C or SIGTERM; past it the process exits non-zero.', parser: duration({ minMs: 100, maxMs: 600_000 }), default: 5_000 }),
  serviceName: serviceName('wick'),
  logLevel,
  otlpEndpoint,
} as const;

export type StartConfig = ConfigOf<typeof startSettings>;
