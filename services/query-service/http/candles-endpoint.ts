// GET /v1/candles: the query as plain HTTP for scripts, spreadsheets and
// curl. format=json answers one page ({"bars": [...], "next_page_token":
// "..."}); format=csv and format=ndjson stream the whole query (or `limit`
// rows) as it is read, with backpressure, and name the continuation in the
// trailer Wick-Next-Page-Token when `limit` cut it short. Errors are JSON
// {"code", "message"} with the HTTP status of the Connect code.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Code } from '@connectrpc/connect';
import { codeToHttpStatus, codeToString } from '@connectrpc/connect/protocol-connect';
import { toConnectError } from '../../../common/errors/index.js';
import type { HttpRequest, HttpResponse, RequestHandler } from '../../../common/http/index.js';
import type { Logger } from '../../../common/log/index.js';
import { checkLimit, type RpcMetrics } from '../../../common/rpc/index.js';
import type { CandleStore } from '../../../common/store/index.js';
import type { CandleQuery } from '../../../common/gen/wick/v1/query_service_pb.js';
import { HTTP_FIELDS, type QueryFieldNames } from '../query/field-names.js';
import { DEFAULT_PAGE_BARS, MAX_PAGE_BARS } from '../query/limits.js';
import type { QueryPlan } from '../query/query-plan.js';
import { exportChunks, queryPage } from '../query/query-pages.js';
import { jsonRow } from '../query/row-format.js';
import { parseHttpQuery, type HttpQuery } from './http-query.js';

export const CANDLES_PATH = '/v1/candles';
export const NEXT_PAGE_TRAILER = 'Wick-Next-Page-Token';
const ENDPOINT_NAME = `GET ${CANDLES_PATH}`;

export interface CandlesEndpointDependencies {
  readonly store: CandleStore;
  readonly plan: (query: CandleQuery, names: QueryFieldNames) => Promise<QueryPlan>;
  readonly logger: Logger;
  /** Counts requests as wick_rpc_calls_total{rpc="GET /v1/candles"}, beside the RPCs. */
  readonly metrics?: RpcMetrics;
}

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' } as const;
const SERVER_FAULTS: ReadonlySet<Code> = new Set([Code.Internal, Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.DataLoss]);

export function candlesHttpHandler(deps: CandlesEndpointDependencies): RequestHandler {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== CANDLES_PATH) return sendJson(response, 404, { code: 'not_found', message: `no such path ${url.pathname} (try ${CANDLES_PATH})` });
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return sendJson(response, 405, { code: 'invalid_argument', message: `${CANDLES_PATH} takes GET` });
    }
    const started = performance.now();
    let code = 'ok';
    try {
      const parsed = parseHttpQuery(url.searchParams);
      const plan = await deps.plan(parsed.query, HTTP_FIELDS);
      if (parsed.format === 'json') await sendPage(deps, plan, parsed, response);
      else await streamExport(deps, plan, parsed, request, response);
    } catch (error) {
      code = fail(deps.logger, response, error);
    }
    deps.metrics?.calls.inc({ rpc: ENDPOINT_NAME, code });
    deps.metrics?.duration.observe({ rpc: ENDPOINT_NAME }, (performance.now() - started) / 1_000);
  };
}

async function sendPage(deps: CandlesEndpointDependencies, plan: QueryPlan, parsed: HttpQuery, response: HttpResponse): Promise<void> {
  const limit = checkLimit('limit', parsed.limit, DEFAULT_PAGE_BARS, MAX_PAGE_BARS);
  const page = await queryPage(deps.store, plan, limit, parsed.pageToken, 'page_token');
  sendJson(response, 200, { bars: page.rows.map((row) => jsonRow(row, plan.derivedOrder)), next_page_token: page.nextPageToken });
}

async function streamExport(deps: CandlesEndpointDependencies, plan: QueryPlan, parsed: HttpQuery, request: HttpRequest, response: HttpResponse): Promise<void> {
  const format = parsed.format === 'csv' ? 'csv' : 'ndjson';
  const chunks = exportChunks(deps.store, plan, { format, includeHeader: parsed.header, limit: parsed.limit, token: parsed.pageToken, tokenField: 'page_token' });
  // The first chunk is read before the headers go out, so a failing query still gets a proper error status.
  let next = await chunks.next();
  response.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'cache-control': 'no-store', trailer: NEXT_PAGE_TRAILER });
  let gone = false;
  // Both HTTP versions' responses are Writables; the union of their overloads is not callable.
  const out: Writable = response;
  out.once('close', () => (gone = true));
  let nextPageToken = '';
  while (!next.done && !gone) {
    nextPageToken = next.value.nextPageToken;
    if (next.value.data !== '' && !out.write(next.value.data)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    next = await chunks.next();
  }
  if (gone) {
    await chunks.return(undefined);
    return;
  }
  if (nextPageToken !== '') response.addTrailers({ [NEXT_PAGE_TRAILER]: nextPageToken });
  response.end();
}

/** Answers the error (or cuts a response under way) and returns the code's name. */
function fail(logger: Logger, response: HttpResponse, error: unknown): string {
  const mapped = toConnectError(error);
  const fault = SERVER_FAULTS.has(mapped.code);
  logger[fault ? 'error' : 'info']({ err: mapped.cause ?? mapped, code: codeToString(mapped.code) }, 'http query failed');
  // Mid-stream there is no status left to send: cutting the response tells the client it is incomplete.
  if (response.headersSent) response.destroy();
  else sendJson(response, codeToHttpStatus(mapped.code), { code: codeToString(mapped.code), message: mapped.rawMessage });
  return codeToString(mapped.code);
}

function sendJson(response: HttpResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': CONTENT_TYPES.json, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(text);
}
