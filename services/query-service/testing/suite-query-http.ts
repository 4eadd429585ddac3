// GET /v1/candles against a running server: JSON pages, streamed CSV and
// NDJSON with the continuation in a trailer, and errors naming parameters.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleStore } from '../../../common/store/index.js';
import { DAY, DAY0, fixedBars, seriesOf } from './fixtures.js';
import type { QuerySuiteOptions } from './suite-query.js';
import { startTestQueryApi, type TestQueryApi } from './test-query-api.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly trailers: Record<string, string | undefined>;
  readonly body: string;
}

function get(url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(url, { method, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, trailers: response.trailers, body }));
    }).on('error', reject).end();
  });
}

const sol = seriesOf('SOLUSDT', 21);

export function queryHttpSuite(options: QuerySuiteOptions): void {
  describe.skipIf(options.skip)(`GET /v1/candles (${options.name})`, () => {
    let backend: { store: CandleStore; close(): Promise<void> };
    let service: TestQueryApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert(sol);
      service = await startTestQueryApi(backend.store);
    }, 120_000);
    afterAll(async () => {
      await service?.close();
      await backend?.close();
    }, 60_000);

    const path = (params: string) => `${service.url}/v1/candles?${params}`;

    it('answers a page of JSON with ISO times, and the next page through page_token', async () => {
      const first = await get(path('symbols=solusdt&bucket=2h&tz=%2B05:45&start=2024-01-01T00:00:00Z&end=2024-01-02T00:00:00Z&limit=5'));
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      const page = JSON.parse(first.body) as { bars: Array<Record<string, unknown>>; next_page_token: string };
      const expected = fixedBars(sol, 2 * 3_600_000, 345).filter((bar) => bar.closeTime >= DAY0 && bar.openTime <= DAY0 + DAY);
      expect(page.bars.map((bar) => bar.open_time)).toEqual(expected.slice(0, 5).map((bar) => bar.openTime));
      expect(page.bars[0]).toEqual({
        exchange: 'binance', symbol: 'SOLUSDT', open_time: expected[0]?.openTime, open: expected[0]?.open, high: expected[0]?.high, low: expected[0]?.low,
        close: expected[0]?.close, volume: expected[0]?.volume, close_time: expected[0]?.closeTime, quote_volume: expected[0]?.quoteVolume,
        count: expected[0]?.tradeCount, taker_buy_volume: expected[0]?.takerBuyVolume, taker_buy_quote_volume: expected[0]?.takerBuyQuoteVolume, complete: true,
      });
      const second = JSON.parse((await get(path(`symbols=SOLUSDT&bucket=2h&tz=%2B05:45&start=2024-01-01T00:00:00Z&end=2024-01-02T00:00:00Z&limit=5&page_token=${page.next_page_token}`))).body) as typeof page;
      expect(second.bars.map((bar) => bar.open_time)).toEqual(expected.slice(5, 10).map((bar) => bar.openTime));
    });

    it('streams CSV with a header, and names the continuation in a trailer when limit cuts it', async () => {
      const params = `symbols=SOLUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + DAY - 1}&format=csv&derived=vwap,simple_return&scale=6`;
      const whole = await get(path(params));
      expect(whole.status).toBe(200);
      expect(whole.headers['content-type']).toBe('text/csv; charset=utf-8');
      const lines = whole.body.split('\n');
      expect(lines[0]).toBe('exchange,symbol,open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,complete,vwap,simple_return');
      expect(lines).toHaveLength(1 + 24 + 1);
      expect(whole.trailers['wick-next-page-token']).toBeUndefined();
      const cut = await get(path(`${params}&limit=10`));
      const token = cut.trailers['wick-next-page-token'];
      expect(token).toBeDefined();
      expect(cut.body.split('\n').slice(1, -1)).toEqual(lines.slice(1, 11));
      const rest = await get(path(`${params}&header=false&page_token=${token}`));
      expect(rest.body.split('\n').slice(0, -1)).toEqual(lines.slice(11, -1));
    });

    it('streams NDJSON, one bar per line', async () => {
      const reply = await get(path(`symbols=SOLUSDT&bucket=1d&start=${DAY0}&end=${DAY0 + 2 * DAY}&format=ndjson&derived=log_return`));
      expect(reply.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const rows = reply.body.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows.map((row) => row.open_time)).toEqual([DAY0, DAY0 + DAY, DAY0 + 2 * DAY]);
      expect(rows[0]?.log_return).toBeUndefined();
      expect(rows[1]?.log_return).toMatch(/^-?\d\.\d{12}$/);
    });

    it('names the parameter at fault, with the status of its code', async () => {
      const cases: Array<[string, number, string, string]> = [
        ['symbols=SOLUSDT&bucket=7x&start=1', 400, 'invalid_argument', 'bucket: "7x" is not a bucket width: a count 1..10000 and a unit m, h, d, w or M (e.g. 7m, 2h, 1w, 3M)'],
        ['symbols=SOLUSDT&bucket=1h&start=1&tz=%2B15:00', 400, 'invalid_argument', 'tz: "+15:00" is not a UTC offset from -12:00 to +14:00 (e.g. +08:00, -03:30, 5 or UTC)'],
        ['symbols=SOLUSDT&bucket=1h&start=yesterday', 400, 'invalid_argument', 'start: "yesterday" is not a time (milliseconds since the Unix epoch, or ISO 8601 such as 2024-01-01T00:00:00Z)'],
        ['symbols=SOLUSDT&bucket=1h', 400, 'invalid_argument', 'start: is required (milliseconds since the Unix epoch)'],
        ['symbols=SOLUSDT&bucket=1h&start=1&format=xml', 400, 'invalid_argument', 'format: "xml" is not one of json, csv, ndjson'],
        ['symbols=SOLUSDT&bucket=1h&start=1&derived=ema', 400, 'invalid_argument', 'derived: "ema" is not one of vwap, simple_return, log_return, realized_volatility'],
        [`symbols=SOLUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + DAY}&derived=realized_volatility`, 400, 'invalid_argument', 'window: 0 is outside 2..1000 (required for realized volatility)'],
        ['symbols=SOLUSDT&bucket=1h&start=1&sort=desc', 400, 'invalid_argument', 'sort: is not a parameter of /v1/candles (symbols, bucket, tz, start, end, derived, window, scale, include_incomplete, exchange, format, header, limit, page_token)'],
        ['symbols=SOLUSDT,SOLUSDT&bucket=1h&start=1', 400, 'invalid_argument', 'symbols[1]: repeats symbols[0] (SOLUSDT)'],
        [`symbols=SOLUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + 400 * DAY}`, 400, 'invalid_argument', 'end: the range from start spans 400 days, more than the limit of 366 days'],
        [`symbols=NOPEUSDT&bucket=1h&start=${DAY0}&end=${DAY0 + DAY}`, 404, 'not_found', 'unknown symbol "NOPEUSDT" on exchange binance'],
      ];
      for (const [params, status, code, message] of cases) {
        const reply = await get(path(params));
        expect([reply.status, JSON.parse(reply.body)], params).toEqual([status, { code, message }]);
      }
      expect((await get(path('symbols=SOLUSDT'), 'POST')).status).toBe(405);
      expect((await get(`${service.url}/v1/other`)).status).toBe(404);
    });
  });
}
