// The `wick query-service` command line, declared with common/config: flags,
// their environment variables, defaults and --help come from here.
import { int, port, runtimeSettings, setting, type CommandDoc, type ConfigOf } from '../../common/config/index.js';
import { storeSettings } from '../../common/rpc/index.js';
import { DEFAULT_MAX_RANGE_MS, MAX_PAGE_BARS, MAX_SYMBOLS } from './query/limits.js';

export const queryDoc: CommandDoc = {
  usage: 'wick query-service [flags]',
  summary:
    'Serves wick.v1.QueryService (QueryCandles, ExportCandles) over Connect, gRPC and gRPC-Web, and GET /v1/candles as plain ' +
    'HTTP (JSON, CSV, NDJSON), on --api-port: candles of many symbols rolled up exactly from 1m to any bucket width, aligned ' +
    'in any time zone, with VWAP, returns and realised volatility.',
  details: [
    `Limits: at most ${MAX_SYMBOLS} symbols and ${MAX_PAGE_BARS} bars per page; the time range at most --max-range-days.`,
    '',
    'Examples:',
    '  wick query-service --database-url postgres://wick@db:5432/wick',
    "  curl 'http://127.0.0.1:8081/v1/candles?symbols=BTCUSDT,ETHUSDT&bucket=7m&tz=+08:00&start=2024-01-01T00:00:00Z&format=csv'",
    "  curl 'http://127.0.0.1:8081/v1/candles?symbols=BTCUSDT&bucket=1d&start=2024-01-01&derived=vwap,log_return,realized_volatility&window=20'",
  ].join('\n'),
};

export const querySettings = {
  apiPort: setting({
    flag: 'api-port',
    env: 'WICK_API_PORT',
    description: 'Port of the QueryService API and GET /v1/candles; it binds --http-host (0 picks a free port).',
    parser: port(),
    default: 8081,
  }),
  ...storeSettings,
  maxRangeDays: setting({
    flag: 'max-range-days',
    env: 'WICK_MAX_RANGE_DAYS',
    description: 'Longest time range (end - start) one query may cover, in days.',
    parser: int({ min: 1, max: 100_000 }),
    default: DEFAULT_MAX_RANGE_MS / 86_400_000,
  }),
  ...runtimeSettings({ service: 'query-service', httpPort: 9104 }),
} as const;

export type QueryConfig = ConfigOf<typeof querySettings>;
