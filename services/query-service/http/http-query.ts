// The query parameters of GET /v1/candles turned into a CandleQuery and the
// output options, each problem named by its parameter:
//   symbols=BTCUSDT,ETHUSDT  bucket=7m  tz=+08:00  start=...  end=...
//   derived=vwap,log_return  window=20  scale=8  include_incomplete=true
//   exchange=binance  format=json|csv|ndjson  header=true  limit=...  page_token=...
// Times are milliseconds since the Unix epoch or ISO 8601 (2024-01-01T00:00:00Z).
import { create } from '@bufbuild/protobuf';
import { CandleQuerySchema, DerivedSeries, type CandleQuery } from '../../../common/gen/wick/v1/query_service_pb.js';
import { invalidField, quoteInput } from '../../../common/rpc/index.js';

export type HttpFormat = 'json' | 'csv' | 'ndjson';

export interface HttpQuery {
  readonly query: CandleQuery;
  readonly format: HttpFormat;
  readonly header: boolean;
  readonly limit: number;
  readonly pageToken: string;
}

const SERIES: Readonly<Record<string, DerivedSeries>> = {
  vwap: DerivedSeries.VWAP,
  simple_return: DerivedSeries.SIMPLE_RETURN,
  log_return: DerivedSeries.LOG_RETURN,
  realized_volatility: DerivedSeries.REALIZED_VOLATILITY,
};
const PARAMETERS = [
  'symbols', 'bucket', 'tz', 'start', 'end', 'derived', 'window', 'scale', 'include_incomplete', 'exchange', 'format', 'header', 'limit', 'page_token',
] as const;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function parseHttpQuery(params: URLSearchParams): HttpQuery {
  for (const name of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw invalidField(name, `is not a parameter of /v1/candles (${PARAMETERS.join(', ')})`);
    if (name !== 'symbols' && name !== 'derived' && params.getAll(name).length > 1) throw invalidField(name, 'is given more than once');
  }
  const format = params.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'ndjson') throw invalidField('format', `${quoteInput(format)} is not one of json, csv, ndjson`);
  const end = params.get('end');
  const query = create(CandleQuerySchema, {
    exchange: params.get('exchange') ?? '',
    symbols: list(params, 'symbols'),
    bucket: params.get('bucket') ?? '',
    timezone: params.get('tz') ?? '',
    startTime: time('start', params.get('start')),
    endTime: end === null ? undefined : time('end', end),
    includeIncomplete: flag('include_incomplete', params.get('include_incomplete'), false),
    derived: list(params, 'derived').map((name) => {
      const series = SERIES[name.toLowerCase()];
      if (series === undefined) throw invalidField('derived', `${quoteInput(name)} is not one of ${Object.keys(SERIES).join(', ')}`);
      return series;
    }),
    volatilityWindow: count('window', params.get('window')),
    scale: count('scale', params.get('scale')),
  });
  return {
    query,
    format,
    header: flag('header', params.get('header'), true),
    limit: count('limit', params.get('limit')),
    pageToken: params.get('page_token') ?? '',
  };
}

function list(params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

function time(name: string, value: string | null): bigint {
  if (value === null || value === '') return 0n;
  if (/^\d{1,16}$/.test(value)) return BigInt(value);
  const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidField(name, `${quoteInput(value)} is not a time (milliseconds since the Unix epoch, or ISO 8601 such as 2024-01-01T00:00:00Z)`);
  return BigInt(ms);
}

function count(name: string, value: string | null): number {
  if (value === null || value === '') return 0;
  if (!/^\d{1,9}$/.test(value)) throw invalidField(name, `${quoteInput(value)} is not a non-negative integer`);
  return Number(value);
}

function flag(name: string, value: string | null, fallback: boolean): boolean {
  if (value === null || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalidField(name, `${quoteInput(value)} is not true or false`);
}
