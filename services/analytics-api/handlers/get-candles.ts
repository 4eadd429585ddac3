// GetCandles: closed candles of one series, a page at a time, as Binance's
// klines endpoint selects them (with start_time: the first `limit` from it
// on; without: the latest `limit` up to end_time). The store answers; on the
// page that reaches the newest candles the live feed adds what the store may
// not have yet (finals just published) and, when asked, the running partial.
import { create, fromBinary } from '@bufbuild/protobuf';
import type { HandlerContext } from '@connectrpc/connect';
import type { IntervalName } from '../../../common/candles/intervals.js';
import {
  GetCandlesRequestSchema, GetCandlesResponseSchema, type GetCandlesRequest, type GetCandlesResponse,
} from '../../../common/gen/wick/v1/candle_service_pb.js';
import {
  checkExchange, checkInterval, checkLimit, checkSymbol, checkTime, checkTimeOrder, decodePageToken, encodePageToken, fromStore,
  isSafeInteger, lengthDelimitedField, requestFingerprint, wantsBinary, withRawFields, type GrpcStreamRoute, type SeriesCatalog,
} from '../../../common/rpc/index.js';
import type { CandleColumnsPage, CandleStore } from '../../../common/store/index.js';
import type { CandleHub } from '../live/candle-hub.js';
import type { LatestCandles } from '../live/latest-candles.js';
import { LiveCandle, seriesKey, seriesRef } from '../live/live-candle.js';
import { mergeCandles } from '../live/merge-candles.js';
import { getCandlesFrame } from './get-candles-frame.js';
import { DEFAULT_CANDLES_LIMIT, MAX_CANDLES_LIMIT } from './limits.js';

export const GET_CANDLES_PATH = '/wick.v1.CandleService/GetCandles';

export interface GetCandlesDependencies {
  readonly store: CandleStore;
  readonly hub: CandleHub;
  readonly catalog: SeriesCatalog;
  readonly latest: LatestCandles;
  readonly now: () => number;
}

interface CandlesQuery {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: IntervalName;
  readonly key: string;
  readonly limit: number;
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
  readonly includePartial: boolean;
  /** Open time of the previous page's last (forward) or first (backward) candle. */
  readonly after: number | undefined;
  readonly fingerprint: string;
}

interface Page {
  readonly candles: readonly LiveCandle[];
  readonly more: boolean;
}

/** A page of the answer, before it takes a transport's form. */
export interface CandlesAnswer {
  readonly candles: readonly LiveCandle[];
  readonly nextPageToken: string;
}

export async function getCandles(deps: GetCandlesDependencies, request: GetCandlesRequest, context: HandlerContext): Promise<GetCandlesResponse> {
  const { candles, nextPageToken } = await answer(deps, request);
  // Binary clients get the candles as encoded bytes (see common/rpc/wire.ts): a page of 1,000 costs a tenth.
  if (wantsBinary(context)) {
    const known: GetCandlesResponse = { $typeName: GetCandlesResponseSchema.typeName, candles: [], nextPageToken };
    return withRawFields(GetCandlesResponseSchema, known, candles.length === 0 ? [] : [lengthDelimitedField(1, candles.map((candle) => candle.bytes()))]);
  }
  return create(GetCandlesResponseSchema, { candles: candles.map((candle) => candle.message()), nextPageToken });
}

/**
 * GetCandles for plain gRPC clients, answered straight on the HTTP/2 stream
 * (common/rpc/grpc-fast-path.ts): the candles' cached bytes are copied once
 * into the one response frame. Through Connect the same page is copied three
 * times (our field record, protobuf-es's writer, Connect's envelope), which
 * was most of the server's time for a page of 1,000 read from memory.
 */
export function getCandlesGrpcRoute(deps: GetCandlesDependencies): GrpcStreamRoute<GetCandlesRequest> {
  return {
    path: GET_CANDLES_PATH,
    kind: 'unary',
    decode: (bytes) => fromBinary(GetCandlesRequestSchema, bytes),
    serve: async (request, call) => {
      call.write(getCandlesFrame(await answer(deps, request)));
    },
  };
}

async function answer(deps: GetCandlesDependencies, request: GetCandlesRequest): Promise<CandlesAnswer> {
  const query = validate(request);
  await deps.catalog.requireSeries(query.exchange, query.symbol, query.interval);
  const page = query.startTime === undefined ? await latestPage(deps, query) : await rangePage(deps, query, query.startTime);
  const edge = query.startTime === undefined ? page.candles[0] : page.candles.at(-1);
  const nextPageToken = page.more && edge !== undefined ? encodePageToken(query.fingerprint, edge.openTime) : '';
  return { candles: page.candles, nextPageToken };
}

function validate(request: GetCandlesRequest): CandlesQuery {
  const exchange = checkExchange('exchange', request.exchange);
  const symbol = checkSymbol('symbol', request.symbol, exchange);
  const interval = checkInterval('interval', request.interval);
  const limit = checkLimit('limit', request.limit, DEFAULT_CANDLES_LIMIT, MAX_CANDLES_LIMIT);
  const startTime = checkTime('start_time', request.startTime);
  const endTime = checkTime('end_time', request.endTime);
  checkTimeOrder('start_time', startTime, 'end_time', endTime);
  const fingerprint = requestFingerprint([exchange, symbol, interval, startTime ?? null, endTime ?? null, request.includePartial]);
  const after = request.pageToken === '' ? undefined : decodePageToken('page_token', request.pageToken, fingerprint, isSafeInteger);
  const key = seriesKey({ exchange, symbol, interval });
  return { exchange, symbol, interval, key, limit, startTime, endTime, includePartial: request.includePartial, after, fingerprint };
}

/** Oldest first from start_time (or past the previous page). */
async function rangePage(deps: GetCandlesDependencies, query: CandlesQuery, startTime: number): Promise<Page> {
  const from = query.after === undefined ? startTime : query.after + 1;
  const { endTime, limit } = query;
  if (endTime !== undefined && from > endTime) return { candles: [], more: false };
  const { exchange, symbol, interval } = query;
  const page = await storePage(deps, () => deps.store.readRangeColumns({ exchange, symbol, interval, startTime: from, endTime, limit }));
  if (page.more) return page;
  // The store has nothing further: the newest candles may still be only on the feed.
  const inRange = (candle: LiveCandle) => candle.openTime >= from && (endTime === undefined || candle.openTime <= endTime);
  const all = withLive(deps, query, page.candles, inRange);
  return all.length > limit ? { candles: all.slice(0, limit), more: true } : { candles: all, more: false };
}

/** The newest `limit` up to end_time (or before the previous page), returned oldest first. */
async function latestPage(deps: GetCandlesDependencies, query: CandlesQuery): Promise<Page> {
  const through = query.after === undefined ? query.endTime : query.after - 1;
  if (through !== undefined && through < 0) return { candles: [], more: false };
  const { exchange, symbol, interval, limit } = query;
  // The newest page of a series is the hot read: memory (LatestCandles) when it can answer.
  const page = through === undefined
    ? await deps.latest.latest(seriesRef(exchange, symbol, interval), limit)
    : await storePage(deps, () => deps.store.readLatestColumns({ exchange, symbol, interval, endTime: through, limit }));
  // Later pages go back in time, away from anything the feed could add.
  if (query.after !== undefined) return page;
  const inRange = (candle: LiveCandle) => through === undefined || candle.openTime <= through;
  const all = withLive(deps, query, page.candles, inRange);
  const cut = all.length > limit;
  return { candles: cut ? all.slice(all.length - limit) : all, more: cut || page.more };
}

async function storePage(deps: GetCandlesDependencies, read: () => Promise<CandleColumnsPage>): Promise<Page> {
  const page = await fromStore(read);
  return { candles: LiveCandle.fromColumns(page.columns, deps.now()), more: page.nextCursor !== undefined };
}

/** Stored candles plus the feed's newer finals, then the running partial when asked for and newer than all of them. */
function withLive(deps: GetCandlesDependencies, query: CandlesQuery, stored: readonly LiveCandle[], inRange: (candle: LiveCandle) => boolean): LiveCandle[] {
  const finals = deps.hub.snapshot(query.key).filter((candle) => candle.closed && inRange(candle));
  const all = finals.length === 0 ? [...stored] : mergeCandles(stored, finals);
  if (!query.includePartial) return all;
  const partial = deps.hub.currentPartial(query.key);
  const newest = all.at(-1);
  if (partial !== undefined && inRange(partial) && (newest === undefined || partial.openTime > newest.openTime)) all.push(partial);
  return all;
}
