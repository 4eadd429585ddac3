// The `wick simulate` command line, declared with common/config so --help,
// precedence (flag, then WICK_SIMULATE_* variable, then default) and
// one-line errors work as for every other command.
import { bool, duration, int, oneOf, port, runtimeSettings, setting, str, ValueError, type CommandDoc, type Parser } from '../../common/config/index.js';
import { RECORDING_FORMATS } from '../../common/recordings/recorded-trade.js';
import { DEFAULT_HISTORY_LIMIT, DEFAULT_REST_LIMITS, DEFAULT_SHUTDOWN_GRACE_MS, DEFAULT_WS_LIMITS } from './options.js';

export const simulateDoc: CommandDoc = {
  usage: 'wick simulate --input FILE [--port P] [--speed X | --as-fast-as-possible] [--loop] [flags]',
  summary:
    'A Binance-compatible exchange on one port replaying a recording (data.binance.vision aggTrades or trades CSV, or recorded ' +
    'WebSocket JSONL): streams at /ws/<stream> and /stream?streams=..., REST at /api/v3/..., fault injection at /__control/...',
  details: [
    'Streams: <symbol>@aggTrade (aggTrades recordings), <symbol>@trade (trades recordings), <symbol>@kline_<interval>[@+08:00].',
    'REST: /api/v3/ping, /time, /exchangeInfo, /aggTrades, /klines; only trades already replayed are visible.',
    'Control (loopback clients only): POST /__control/{drop,delay,server-shutdown,malformed,refuse,stall,clear,pause,resume},',
    'GET /__control/state. See services/simulate/README.md.',
    '',
    'Example:',
    '  wick simulate --input XRPETH-aggTrades-2019-10-11.csv --as-fast-as-possible --loop --port 9443',
  ].join('\n'),
};

const positiveNumber: Parser<number> = {
  hint: 'number > 0',
  parse(raw) {
    const value = /^\d+(?:\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
    if (!(value > 0) || !Number.isFinite(value)) throw new ValueError(`${JSON.stringify(raw)} is not a number > 0`);
    return value;
  },
  format: (value) => String(value),
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds or an ISO 8601 time with its offset (2019-10-11T12:00:00Z). */
const timestamp: Parser<number> = {
  hint: 'ms|ISO-8601',
  parse(raw) {
    const text = raw.trim();
    const value = /^\d{1,13}$/.test(text) ? Number(text) : ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
    if (!Number.isSafeInteger(value)) throw new ValueError(`${JSON.stringify(raw)} is neither epoch milliseconds nor an ISO 8601 time like 2019-10-11T12:00:00Z`);
    return value;
  },
  format: (value) => new Date(value).toISOString(),
};

const symbol: Parser<string> = {
  hint: 'SYMBOL',
  parse(raw) {
    if (!/^[A-Za-z0-9_]+$/.test(raw)) throw new ValueError(`${JSON.stringify(raw)} is not a symbol like BTCUSDT`);
    return raw.toUpperCase();
  },
  format: (value) => value,
};

const optionalDuration = duration({ minMs: 1, maxMs: 7 * 24 * 3_600_000 });

export const simulateSettings = {
  input: setting({ flag: 'input', env: 'WICK_SIMULATE_INPUT', description: 'Recording to replay.', parser: str({ hint: 'file' }), required: true }),
  format: setting({ flag: 'format', description: 'Input format; detected from the first line when absent.', parser: oneOf(RECORDING_FORMATS) }),
  symbol: setting({ flag: 'symbol', description: 'Symbol of CSV rows when the file name does not tell it.', parser: symbol }),
  host: setting({ flag: 'host', env: 'WICK_SIMULATE_HOST', description: 'Address the simulated exchange binds.', parser: str({ hint: 'host' }), default: '127.0.0.1' }),
  port: setting({ flag: 'port', env: 'WICK_SIMULATE_PORT', description: 'Port of streams, REST and control (0 picks a free one).', parser: port(), default: 9443 }),
  speed: setting({ flag: 'speed', env: 'WICK_SIMULATE_SPEED', description: "Replay speed relative to the recording's trade times (default 1).", parser: positiveNumber }),
  asFastAsPossible: setting({
    flag: 'as-fast-as-possible',
    env: 'WICK_SIMULATE_AS_FAST_AS_POSSIBLE',
    description: 'Publish trades as fast as clients take them; the clock follows the trades.',
    parser: bool(),
    default: false,
  }),
  loop: setting({ flag: 'loop', env: 'WICK_SIMULATE_LOOP', description: 'Replay again at the end, ids and times continuing.', parser: bool(), default: false }),
  startTime: setting({ flag: 'start-time', description: 'Start position in the recording; earlier trades are history (REST) from the start.', parser: timestamp }),
  clock: setting({
    flag: 'clock',
    env: 'WICK_SIMULATE_CLOCK',
    description: "recorded: the recording's times; wall: times shifted so the replay starts now.",
    parser: oneOf(['recorded', 'wall'] as const),
    default: 'recorded',
  }),
  paused: setting({ flag: 'paused', description: 'Start paused; POST /__control/resume starts the replay.', parser: bool(), default: false }),
  pingInterval: setting({ flag: 'ping-interval', description: 'Server ping period.', parser: optionalDuration, default: DEFAULT_WS_LIMITS.pingIntervalMs }),
  pongTimeout: setting({ flag: 'pong-timeout', description: 'Disconnect when a ping is not answered within this.', parser: optionalDuration, default: DEFAULT_WS_LIMITS.pongTimeoutMs }),
  connectionLifetime: setting({
    flag: 'connection-lifetime',
    description: 'Connections are closed after this long.',
    parser: optionalDuration,
    default: DEFAULT_WS_LIMITS.connectionLifetimeMs,
  }),
  maxStreams: setting({ flag: 'max-streams', description: 'Streams per connection.', parser: int({ min: 1 }), default: DEFAULT_WS_LIMITS.maxStreamsPerConnection }),
  maxIncoming: setting({ flag: 'max-incoming', description: 'Incoming messages per second per connection.', parser: int({ min: 1 }), default: DEFAULT_WS_LIMITS.maxIncomingPerSecond }),
  weightLimit: setting({ flag: 'weight-limit', description: 'REST request weight per window.', parser: int({ min: 1 }), default: DEFAULT_REST_LIMITS.weightLimit }),
  weightWindow: setting({ flag: 'weight-window', description: 'REST request weight window.', parser: optionalDuration, default: DEFAULT_REST_LIMITS.weightWindowMs }),
  historyLimit: setting({ flag: 'history-limit', description: 'Published trades kept per symbol for REST.', parser: int({ min: 1 }), default: DEFAULT_HISTORY_LIMIT }),
  delayFrames: setting({ flag: 'delay-frames', description: 'Fault: delay every frame by this much.', parser: optionalDuration }),
  refuseFor: setting({ flag: 'refuse-for', description: 'Fault: refuse WebSocket connections for this long after start.', parser: optionalDuration }),
  dropEvery: setting({ flag: 'drop-every', description: 'Fault: drop every connection this often.', parser: optionalDuration }),
  shutdownEvery: setting({ flag: 'shutdown-every', description: 'Fault: send serverShutdown to every connection this often.', parser: optionalDuration }),
  shutdownGrace: setting({ flag: 'shutdown-grace', description: 'Time between serverShutdown and the close.', parser: duration({ maxMs: 600_000 }), default: DEFAULT_SHUTDOWN_GRACE_MS }),
  malformedEvery: setting({ flag: 'malformed-every', description: 'Fault: a malformed frame after every n-th trade.', parser: int({ min: 1 }) }),
  ...runtimeSettings({ service: 'wick-simulate', httpPort: 9108 }),
};
