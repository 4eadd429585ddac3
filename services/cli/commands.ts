// The commands of the `wick` CLI. Each service command lives in
// services/<dir>/main.ts and exports `main(args): Promise<number>`; the CLI
// imports it only when that command runs, so `wick candles` never loads
// kafkajs and `wick --help` loads no service at all.

export interface ServiceCommand {
  readonly name: string;
  /** One line for `wick --help`. */
  readonly summary: string;
  /** The folder under services/ whose main.ts implements the command. */
  readonly dir: string;
  /** Said when the module is not in this build: which issue builds it. */
  readonly plannedIn: string;
}

const NOT_SCHEDULED = 'no issue schedules it yet';

export const SERVICE_COMMANDS: readonly ServiceCommand[] = [
  {
    name: 'start',
    summary: 'Run every service in one process (in-process bus, in-memory bars, embedded database).',
    dir: 'start',
    plannedIn: 'issue #8 builds it',
  },
  {
    name: 'collector',
    summary: 'Stream Binance trades into Kafka, backfilling gaps over REST.',
    dir: 'collector',
    plannedIn: 'issue #5 builds it',
  },
  {
    name: 'preprocessor',
    summary: 'Build candles from the trade stream into Kafka, Redis and TimescaleDB.',
    dir: 'preprocessor',
    plannedIn: 'issue #6 builds it',
  },
  {
    name: 'analytics-api',
    summary: 'Serve GetCandles, StreamCandles and ListSymbols over Connect.',
    dir: 'analytics-api',
    plannedIn: 'issue #7 builds it',
  },
  {
    name: 'query-service',
    summary: 'Serve ad-hoc candle history, rollups and exports.',
    dir: 'query-service',
    plannedIn: 'issue #7 builds it',
  },
  {
    name: 'alerter',
    summary: 'Evaluate alert rules over the candle stream and send signed webhooks.',
    dir: 'alerter',
    plannedIn: NOT_SCHEDULED,
  },
  {
    name: 'auth',
    summary: 'Users, JWT access and refresh tokens, revocation and API keys.',
    dir: 'auth',
    plannedIn: NOT_SCHEDULED,
  },
  {
    name: 'api-gateway',
    summary: 'REST/JSON, Connect, gRPC and gRPC-Web front door with auth, rate limits and CORS.',
    dir: 'api-gateway',
    plannedIn: NOT_SCHEDULED,
  },
  {
    name: 'simulate',
    summary: 'Replay a recording through the Binance simulator (WebSocket and REST).',
    dir: 'simulate',
    plannedIn: 'issue #5 builds it',
  },
  {
    name: 'candles',
    summary: 'Build Binance kline CSV rows from a trades file, offline.',
    dir: 'candles',
    plannedIn: 'issue #3 builds it',
  },
  {
    name: 'migrate',
    summary: 'Apply the TimescaleDB schema migrations.',
    dir: 'migrate',
    plannedIn: 'issue #4 builds it',
  },
];
