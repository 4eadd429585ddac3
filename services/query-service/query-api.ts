// One query-service instance without its server: QueryService over Connect
// and the plain HTTP endpoints, both over the same query planning and row
// reading, from the candle store.
import { create } from '@bufbuild/protobuf';
import type { ConnectRouter } from '@connectrpc/connect';
import {
  ExportCandlesResponseSchema, ExportFormat, QueryCandlesResponseSchema, QueryService, type CandleQuery,
  type ExportCandlesRequest, type ExportCandlesResponse, type QueryCandlesRequest, type QueryCandlesResponse,
} from '../../common/gen/wick/v1/query_service_pb.js';
import type { ReadinessCheck, RequestHandler } from '../../common/http/index.js';
import type { Logger } from '../../common/log/index.js';
import type { Registry } from '../../common/metrics/index.js';
import { checkLimit, createRpcMetrics, invalidField, SeriesCatalog, type RpcService } from '../../common/rpc/index.js';
import type { CandleStore } from '../../common/store/index.js';
import { CANDLES_PATH, candlesHttpHandler } from './http/candles-endpoint.js';
import { PROTO_FIELDS, type QueryFieldNames } from './query/field-names.js';
import { DEFAULT_MAX_RANGE_MS, DEFAULT_PAGE_BARS, MAX_PAGE_BARS, type QueryLimits } from './query/limits.js';
import { planQuery, type QueryPlan } from './query/query-plan.js';
import { exportChunks, queryPage } from './query/query-pages.js';
import { barMessage } from './query/row-format.js';

export interface QueryApiOptions {
  readonly store: CandleStore;
  /** Default: DEFAULT_MAX_RANGE_MS (limits.ts). */
  readonly limits?: QueryLimits;
  readonly logger: Logger;
  /** For the request metrics of GET /v1/candles (the RPCs are counted by createServiceHandler). */
  readonly registry?: Registry;
  readonly now?: () => number;
  /** Least time between store reads caused by unknown symbols (see SeriesCatalog); default 1 s. */
  readonly catalogMissRefreshMs?: number;
}

export class QueryApi implements RpcService {
  readonly catalog: SeriesCatalog;
  readonly routes: (router: ConnectRouter) => void;
  readonly http: RequestHandler;
  readonly httpPaths = [CANDLES_PATH];
  private readonly now: () => number;

  constructor(private readonly options: QueryApiOptions) {
    this.now = options.now ?? Date.now;
    this.catalog = new SeriesCatalog({ store: options.store, now: this.now, missRefreshMs: options.catalogMissRefreshMs });
    this.routes = (router) => {
      router.service(QueryService, {
        queryCandles: (request) => this.queryCandles(request),
        exportCandles: (request) => this.exportCandles(request),
      });
    };
    this.http = candlesHttpHandler({
      store: options.store,
      plan: (query, names) => this.plan(query, names),
      logger: options.logger,
      metrics: options.registry === undefined ? undefined : createRpcMetrics(options.registry),
    });
  }

  readinessChecks(): ReadinessCheck[] {
    return [{ name: 'candle-store', check: () => this.options.store.ping() }];
  }

  plan(query: CandleQuery | undefined, names: QueryFieldNames): Promise<QueryPlan> {
    return planQuery(query, names, { limits: this.options.limits ?? { maxRangeMs: DEFAULT_MAX_RANGE_MS }, catalog: this.catalog, now: this.now() });
  }

  private async queryCandles(request: QueryCandlesRequest): Promise<QueryCandlesResponse> {
    const plan = await this.plan(request.query, PROTO_FIELDS);
    const limit = checkLimit('limit', request.limit, DEFAULT_PAGE_BARS, MAX_PAGE_BARS);
    const page = await queryPage(this.options.store, plan, limit, request.pageToken, 'page_token');
    return create(QueryCandlesResponseSchema, {
      bars: page.rows.map((row) => barMessage(row, plan.derived !== undefined)),
      nextPageToken: page.nextPageToken,
    });
  }

  private async *exportCandles(request: ExportCandlesRequest): AsyncGenerator<ExportCandlesResponse> {
    const plan = await this.plan(request.query, PROTO_FIELDS);
    if (request.format !== ExportFormat.CSV && request.format !== ExportFormat.NDJSON) {
      throw invalidField('format', `${request.format} is not an export format (EXPORT_FORMAT_CSV or EXPORT_FORMAT_NDJSON)`);
    }
    const encoder = new TextEncoder();
    const chunks = exportChunks(this.options.store, plan, {
      format: request.format === ExportFormat.CSV ? 'csv' : 'ndjson',
      includeHeader: request.includeHeader,
      limit: request.limit,
      token: request.pageToken,
      tokenField: 'page_token',
    });
    for await (const chunk of chunks) {
      yield create(ExportCandlesResponseSchema, { data: encoder.encode(chunk.data), nextPageToken: chunk.nextPageToken });
    }
  }
}
