// QueryCandles and ExportCandles against a running server: exact rollups of
// many symbols, time-zone alignment, derived series, pagination and streamed
// exports, over every transport.
import { Decimal as Reference } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar as BarMessage } from '../../../common/gen/wick/v1/bar_pb.js';
import { DerivedSeries, ExportFormat } from '../../../common/gen/wick/v1/query_service_pb.js';
import type { CandleStore, RollupQuery } from '../../../common/store/index.js';
import { minuteSeries } from '../../../common/store/testing/fixtures.js';
import type { ReferenceBar } from '../../../common/store/testing/reference-rollup.js';
import { DAY, DAY0, fixedBars, plainBar, seriesOf } from './fixtures.js';
import { QUERY_TRANSPORTS, queryClient, startTestQueryApi, type TestQueryApi } from './test-query-api.js';

export interface QuerySuiteOptions {
  readonly name: string;
  readonly skip?: string | undefined;
  open(): Promise<{ readonly store: CandleStore; close(): Promise<void> }>;
}

const Precise = Reference.clone({ precision: 100, rounding: Reference.ROUND_HALF_EVEN });
const fixed = (value: Reference, scale: number) => {
  const text = value.toFixed(scale, Reference.ROUND_HALF_EVEN);
  return /^-[0.]+$/.test(text) ? text.slice(1) : text;
};

const btc = seriesOf('BTCUSDT', 11);
const eth = seriesOf('ETHUSDT', 12);

export function querySuite(options: QuerySuiteOptions): void {
  describe.skipIf(options.skip)(`QueryService (${options.name})`, () => {
    let backend: { store: CandleStore; close(): Promise<void> };
    let service: TestQueryApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert([...btc, ...eth]);
      service = await startTestQueryApi(backend.store);
    }, 120_000);
    afterAll(async () => {
      await service?.close();
      await backend?.close();
    }, 60_000);

    const query = (overrides: Record<string, unknown> = {}) => ({
      symbols: ['BTCUSDT', 'ETHUSDT'], bucket: '7m', timezone: '+08:00', startTime: BigInt(DAY0 + DAY / 2), endTime: BigInt(DAY0 + DAY - 1), ...overrides,
    });
    const expectedBars = (minutes: typeof btc, widthMs: number, offsetMinutes: number, from: number, to: number) =>
      fixedBars(minutes, widthMs, offsetMinutes).filter((bar) => bar.closeTime >= from && bar.openTime <= to);

    for (const transport of QUERY_TRANSPORTS) {
      it(`over ${transport}: many symbols, rolled up exactly, grouped by symbol, paged across symbols`, async () => {
        const client = queryClient(transport, service.url);
        const from = DAY0 + DAY / 2;
        const to = DAY0 + DAY - 1;
        const expected = [...expectedBars(btc, 7 * 60_000, 480, from, to), ...expectedBars(eth, 7 * 60_000, 480, from, to)];
        const whole = await client.queryCandles({ query: query() });
        expect(whole.bars.map(plainBar)).toEqual(expected);
        expect(whole.bars.map((bar) => bar.symbol)).toEqual([...Array(expected.length / 2).fill('BTCUSDT'), ...Array(expected.length / 2).fill('ETHUSDT')]);
        expect(whole.nextPageToken).toBe('');
        const pages: BarMessage[] = [];
        let token = '';
        let count = 0;
        do {
          const page = await client.queryCandles({ query: query(), limit: 37, pageToken: token });
          expect(page.bars.length).toBeLessThanOrEqual(37);
          pages.push(...page.bars);
          token = page.nextPageToken;
          count += 1;
        } while (token !== '' && count < 100);
        expect(pages.map(plainBar)).toEqual(expected);
        expect(count).toBe(Math.ceil(expected.length / 37));
      });
    }

    it('aligns day buckets to local midnight and weeks to Monday in the time zone', async () => {
      const client = queryClient('grpc', service.url);
      const days = await client.queryCandles({
        query: query({ symbols: ['BTCUSDT'], bucket: '1d', timezone: '+08:00', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + 3 * DAY - 1), includeIncomplete: true }),
      });
      expect(days.bars.map(plainBar)).toEqual(fixedBars(btc, DAY, 480));
      expect(days.bars.map((bar) => new Date(Number(bar.openTime)).toISOString())).toEqual([
        '2023-12-31T16:00:00.000Z', '2024-01-01T16:00:00.000Z', '2024-01-02T16:00:00.000Z', '2024-01-03T16:00:00.000Z',
      ]);
      const weeks = await client.queryCandles({
        query: query({ symbols: ['ETHUSDT'], bucket: '1w', timezone: '-03:30', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + 3 * DAY - 1), includeIncomplete: true }),
      });
      expect(weeks.bars.map((bar) => new Date(Number(bar.openTime)).toISOString())).toEqual(['2023-12-25T03:30:00.000Z', '2024-01-01T03:30:00.000Z']);
      expect(weeks.bars.map((bar) => bar.complete)).toEqual([true, false]);
    });

    it('computes VWAP, returns and realised volatility exactly, looking back before start_time', async () => {
      const client = queryClient('connect-h2', service.url);
      const scale = 18;
      const window = 5;
      const from = DAY0 + DAY;
      const response = await client.queryCandles({
        query: query({
          symbols: ['ETHUSDT'], bucket: '15m', timezone: '', startTime: BigInt(from), endTime: BigInt(from + 6 * 3_600_000 - 1), scale, volatilityWindow: window,
          derived: [DerivedSeries.REALIZED_VOLATILITY, DerivedSeries.VWAP, DerivedSeries.LOG_RETURN, DerivedSeries.SIMPLE_RETURN],
        }),
      });
      const all = fixedBars(eth, 15 * 60_000, 0);
      const firstIndex = all.findIndex((bar) => bar.openTime === from);
      expect(response.bars).toHaveLength(24);
      response.bars.forEach((bar, offset) => {
        const index = firstIndex + offset;
        const current = all[index] as ReferenceBar;
        const logs = Array.from({ length: window }, (_, back) => Precise.ln(new Precise((all[index - back] as ReferenceBar).close).div((all[index - back - 1] as ReferenceBar).close)));
        const previous = new Precise((all[index - 1] as ReferenceBar).close);
        const expected: Record<string, string> = {
          simpleReturn: fixed(new Precise(current.close).div(previous).sub(1), scale),
          logReturn: fixed(logs[0] as Reference, scale),
          realizedVolatility: fixed(logs.reduce((sum, log) => sum.add(log.pow(2)), new Precise(0)).sqrt(), scale),
        };
        if (!new Precise(current.volume).isZero()) expected.vwap = fixed(new Precise(current.quoteVolume).div(current.volume), scale);
        expect({ vwap: bar.derived?.vwap, simpleReturn: bar.derived?.simpleReturn, logReturn: bar.derived?.logReturn, realizedVolatility: bar.derived?.realizedVolatility })
          .toEqual({ vwap: undefined, ...expected });
      });
    });

    it('includes the running bucket only when asked, marked incomplete', async () => {
      await backend.store.upsert(minuteSeries({ exchange: 'binance', symbol: 'RUNUSDT', startMs: DAY0, minutes: 90, seed: 3, lastPartial: true }));
      const client = queryClient('grpc', service.url);
      const request = query({ symbols: ['RUNUSDT'], bucket: '1h', timezone: '', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + DAY) });
      const complete = await client.queryCandles({ query: request });
      expect(complete.bars.map((bar) => [Number(bar.openTime), bar.complete])).toEqual([[DAY0, true]]);
      const running = await client.queryCandles({ query: { ...request, includeIncomplete: true } });
      expect(running.bars.map((bar) => [Number(bar.openTime), bar.complete])).toEqual([[DAY0, true], [DAY0 + 3_600_000, false]]);
    });

    for (const format of [ExportFormat.CSV, ExportFormat.NDJSON]) {
      const name = ExportFormat[format];
      it(`exports ${name} in line-aligned chunks, streamed, and continues after a limit`, async () => {
        const client = queryClient('grpc', service.url);
        const exportQuery = query({ bucket: '1m', timezone: '', startTime: BigInt(DAY0), endTime: BigInt(DAY0 + 2 * DAY - 1), derived: [DerivedSeries.VWAP], scale: 4 });
        const rollups = countRollups(backend.store);
        const chunks: Array<{ data: string; nextPageToken: string; rollupsSoFar: number }> = [];
        for await (const chunk of client.exportCandles({ query: exportQuery, format, includeHeader: true })) {
          chunks.push({ data: new TextDecoder().decode(chunk.data), nextPageToken: chunk.nextPageToken, rollupsSoFar: rollups.count });
        }
        rollups.restore();
        const text = chunks.map((chunk) => chunk.data).join('');
        const lines = text.split('\n').slice(0, -1);
        const header = format === ExportFormat.CSV ? 1 : 0;
        expect(lines).toHaveLength(2 * 2 * 1_440 + header);
        expect(chunks.length).toBeGreaterThan(5);
        expect(chunks.every((chunk) => chunk.data.endsWith('\n') && chunk.nextPageToken === '')).toBe(true);
        // Streamed: the first chunk left before the store had been read to the end.
        expect(chunks[0]?.rollupsSoFar).toBeLessThan(rollups.count);
        const first = btc[0];
        if (format === ExportFormat.CSV) {
          expect(lines[0]).toBe('exchange,symbol,open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,complete,vwap');
          expect(lines[1]).toBe([
            'binance', 'BTCUSDT', first?.openTime, first?.open, first?.high, first?.low, first?.close, first?.volume, first?.closeTime, first?.quoteVolume,
            first?.tradeCount, first?.takerBuyVolume, first?.takerBuyQuoteVolume, true,
            first?.tradeCount === 0 ? '' : fixed(new Precise(first?.quoteVolume ?? '0').div(first?.volume ?? '1'), 4),
          ].join(','));
        } else {
          const object = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
          expect(object).toMatchObject({ exchange: 'binance', symbol: 'BTCUSDT', open_time: first?.openTime, open: first?.open, count: first?.tradeCount, complete: true });
          expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ symbol: 'ETHUSDT', open_time: DAY0 + 2 * DAY - 60_000 });
        }
        const cut: string[] = [];
        let token = '';
        for await (const chunk of client.exportCandles({ query: exportQuery, format, includeHeader: false, limit: 3_000 })) {
          cut.push(new TextDecoder().decode(chunk.data));
          token = chunk.nextPageToken;
        }
        expect(token).not.toBe('');
        for await (const chunk of client.exportCandles({ query: exportQuery, format, includeHeader: false, pageToken: token })) cut.push(new TextDecoder().decode(chunk.data));
        expect(cut.join('')).toBe(lines.slice(header).map((line) => `${line}\n`).join(''));
      });
    }
  });
}

/** Counts the store's rollup reads until restored. */
function countRollups(store: CandleStore): { readonly count: number; restore(): void } {
  const original = store.rollup.bind(store);
  const counter = { count: 0, restore: () => Object.assign(store, { rollup: original }) };
  Object.assign(store, {
    rollup: (rollupQuery: RollupQuery) => {
      counter.count += 1;
      return original(rollupQuery);
    },
  });
  return counter;
}
