// Bad QueryService requests get INVALID_ARGUMENT naming the protobuf field,
// unknown symbols NOT_FOUND, over Connect and gRPC; and `buf curl` as an
// independent client.
import { Code, ConnectError } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DerivedSeries } from '../../../common/gen/wick/v1/query_service_pb.js';
import type { CandleStore } from '../../../common/store/index.js';
import { bufCurl, jsonDocuments } from '../../analytics-api/testing/suite-buf-curl.js';
import { DAY, DAY0, seriesOf } from './fixtures.js';
import type { QuerySuiteOptions } from './suite-query.js';
import { queryClient, startTestQueryApi, type TestQueryApi } from './test-query-api.js';

async function failure(call: Promise<unknown>): Promise<[Code, string]> {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    return [connectError.code, connectError.rawMessage];
  }
  throw new Error('the call succeeded');
}

const SERIES = 'DERIVED_SERIES_VWAP, DERIVED_SERIES_SIMPLE_RETURN, DERIVED_SERIES_LOG_RETURN, DERIVED_SERIES_REALIZED_VOLATILITY';

export function queryValidationSuite(options: QuerySuiteOptions): void {
  describe.skipIf(options.skip)(`QueryService validation and buf curl (${options.name})`, () => {
    let backend: { store: CandleStore; close(): Promise<void> };
    let service: TestQueryApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert(seriesOf('ADAUSDT', 31).slice(0, 180));
      service = await startTestQueryApi(backend.store);
    }, 120_000);
    afterAll(async () => {
      await service?.close();
      await backend?.close();
    }, 60_000);

    const good = { symbols: ['ADAUSDT'], bucket: '1h', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + DAY) };

    for (const transport of ['connect-json-h1', 'grpc'] as const) {
      it(`QueryCandles over ${transport}: each bad field by name`, async () => {
        const client = queryClient(transport, service.url);
        const cases: Array<[Record<string, unknown>, Code, string]> = [
          [{ bucket: '7x' }, Code.InvalidArgument, 'query.bucket: "7x" is not a bucket width: a count 1..10000 and a unit m, h, d, w or M (e.g. 7m, 2h, 1w, 3M)'],
          [{ bucket: '1s' }, Code.InvalidArgument, 'query.bucket: "1s" is not a bucket width: a count 1..10000 and a unit m, h, d, w or M (e.g. 7m, 2h, 1w, 3M)'],
          [{ timezone: '+15:00' }, Code.InvalidArgument, 'query.timezone: "+15:00" is not a UTC offset from -12:00 to +14:00 (e.g. +08:00, -03:30, 5 or UTC)'],
          [{ symbols: [] }, Code.InvalidArgument, 'query.symbols: needs at least one symbol'],
          [{ symbols: Array.from({ length: 101 }, (_, i) => `S${i}USDT`) }, Code.InvalidArgument, 'query.symbols: has 101 symbols, more than the maximum 100'],
          [{ symbols: ['ADAUSDT', 'adausdt'] }, Code.InvalidArgument, 'query.symbols[1]: repeats query.symbols[0] (ADAUSDT)'],
          [{ symbols: ['ADA,USDT'] }, Code.InvalidArgument, 'query.symbols[0]: "ADA,USDT" is not a symbol (letters and digits, e.g. BTCUSDT)'],
          [{ startTime: 0n }, Code.InvalidArgument, 'query.start_time: is required (milliseconds since the Unix epoch)'],
          [{ endTime: BigInt(DAY0 - 1) }, Code.InvalidArgument, `query.end_time: ${DAY0 - 1} is before query.start_time ${DAY0}`],
          [{ endTime: BigInt(DAY0 + 367 * DAY) }, Code.InvalidArgument, 'query.end_time: the range from query.start_time spans 367 days, more than the limit of 366 days'],
          [{ derived: [DerivedSeries.UNSPECIFIED] }, Code.InvalidArgument, `query.derived[0]: 0 is not a derived series (${SERIES})`],
          [{ derived: [DerivedSeries.VWAP, DerivedSeries.VWAP] }, Code.InvalidArgument, 'query.derived[1]: repeats query.derived[0]'],
          [{ derived: [DerivedSeries.REALIZED_VOLATILITY] }, Code.InvalidArgument, 'query.volatility_window: 0 is outside 2..1000 (required for realized volatility)'],
          [{ derived: [DerivedSeries.VWAP], scale: 31 }, Code.InvalidArgument, 'query.scale: 31 is more than the maximum 30'],
          [{ symbols: ['ADAUSDT', 'NOPEUSDT'] }, Code.NotFound, 'unknown symbol "NOPEUSDT" on exchange binance'],
        ];
        for (const [change, code, message] of cases) {
          expect(await failure(client.queryCandles({ query: { ...good, ...change } })), message).toEqual([code, message]);
        }
        expect(await failure(client.queryCandles({}))).toEqual([Code.InvalidArgument, 'query: is required']);
        expect(await failure(client.queryCandles({ query: good, limit: 10_001 }))).toEqual([Code.InvalidArgument, 'limit: 10001 is more than the maximum 10000']);
        expect(await failure(client.queryCandles({ query: good, pageToken: 'x' }))).toEqual([Code.InvalidArgument, 'page_token: is malformed (pass next_page_token exactly as returned)']);
        const page = await client.queryCandles({ query: good, limit: 1 });
        expect(await failure(client.queryCandles({ query: { ...good, bucket: '2h' }, pageToken: page.nextPageToken }))).toEqual([
          Code.InvalidArgument, 'page_token: belongs to a different request (repeat the request that returned it, changing only the page size)',
        ]);
      });
    }

    it('ExportCandles: the format is required', async () => {
      const client = queryClient('grpc', service.url);
      const run = async () => {
        for await (const chunk of client.exportCandles({ query: good })) void chunk;
      };
      expect(await failure(run())).toEqual([Code.InvalidArgument, 'format: 0 is not an export format (EXPORT_FORMAT_CSV or EXPORT_FORMAT_NDJSON)']);
    });

    for (const protocol of ['grpc', 'connect'] as const) {
      it(`buf curl --protocol ${protocol}: QueryCandles, and a bad bucket`, { timeout: 60_000 }, async () => {
        const body = { query: { symbols: ['ADAUSDT'], bucket: '1h', startTime: String(DAY0), endTime: String(DAY0 + DAY), derived: ['DERIVED_SERIES_VWAP'], scale: 4 } };
        const result = await bufCurl(service.url, 'wick.v1.QueryService/QueryCandles', body, protocol);
        expect(result.stderr).toBe('');
        const [page] = jsonDocuments(result.stdout) as Array<{ bars: Array<{ openTime: string; derived: { vwap?: string } }> }>;
        expect(page?.bars.map((bar) => bar.openTime)).toEqual([String(DAY0), String(DAY0 + 3_600_000), String(DAY0 + 7_200_000)]);
        expect(page?.bars[0]?.derived.vwap).toMatch(/^\d+\.\d{4}$/);
        const bad = await bufCurl(service.url, 'wick.v1.QueryService/QueryCandles', { query: { ...body.query, bucket: '7x' } }, protocol);
        expect(bad.code).not.toBe(0);
        expect(jsonDocuments(bad.stderr)[0]).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^query\.bucket: "7x" is not a bucket width/) });
      });
    }
  });
}
