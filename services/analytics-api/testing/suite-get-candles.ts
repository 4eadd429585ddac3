// GetCandles and ListSymbols against a running server, over every transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle as CandleMessage } from '../../../common/gen/wick/v1/candle_pb.js';
import { testCandle } from './candle-updates.js';
import { minute, type SuiteBackend, type SuiteOptions } from './suite.js';
import { startTestApi, waitFor, type TestApi } from './test-api.js';
import { candleClient } from './transports.js';

const SYMBOL = 'PAGEUSDT';
const STORED = 120;

const minutesOf = (candles: readonly CandleMessage[]) => candles.map((candle) => (Number(candle.openTime) - minute(0)) / 60_000);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function getCandlesSuite(options: SuiteOptions): void {
  describe.skipIf(options.skip)(`GetCandles and ListSymbols (${options.name})`, () => {
    let backend: SuiteBackend;
    let api: TestApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert(range(0, STORED - 1).map((index) => testCandle({ symbol: SYMBOL, openTime: minute(index), tradeCount: 3 + (index % 7), closed: true })));
      await backend.store.upsert([testCandle({ symbol: 'ETHUSDT', openTime: minute(0), tradeCount: 1, closed: true, interval: '1h' })]);
      api = await startTestApi({ store: backend.store, bus: backend.bus });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend?.close();
    }, 60_000);

    for (const transport of options.transports) {
      describe(`over ${transport}`, () => {
        it('pages back from the newest candle, each page oldest first, with every kline field exact', async () => {
          const client = candleClient(transport, api.url);
          const first = await client.getCandles({ symbol: SYMBOL, interval: '1m', limit: 50 });
          expect(minutesOf(first.candles)).toEqual(range(70, 119));
          const second = await client.getCandles({ symbol: SYMBOL, interval: '1m', limit: 50, pageToken: first.nextPageToken });
          expect(minutesOf(second.candles)).toEqual(range(20, 69));
          const third = await client.getCandles({ symbol: SYMBOL, interval: '1m', limit: 50, pageToken: second.nextPageToken });
          expect(minutesOf(third.candles)).toEqual(range(0, 19));
          expect(third.nextPageToken).toBe('');
          const stored = testCandle({ symbol: SYMBOL, openTime: minute(119), tradeCount: 3 + (119 % 7), closed: true });
          expect(first.candles.at(-1)).toMatchObject({
            exchange: 'binance', symbol: SYMBOL, interval: '1m', openTime: BigInt(stored.openTime), closeTime: BigInt(stored.closeTime),
            open: stored.open, high: stored.high, low: stored.low, close: stored.close, volume: stored.volume, quoteVolume: stored.quoteVolume,
            takerBuyVolume: stored.takerBuyVolume, takerBuyQuoteVolume: stored.takerBuyQuoteVolume, tradeCount: BigInt(stored.tradeCount),
            firstTradeId: BigInt(stored.firstTradeId), lastTradeId: BigInt(stored.lastTradeId), closed: true, revision: 0, updateTime: 0n,
          });
        });

        it('pages forward from start_time up to end_time', async () => {
          const client = candleClient(transport, api.url);
          const request = { symbol: SYMBOL, interval: '1m', limit: 40, startTime: BigInt(minute(10)), endTime: BigInt(minute(100)) };
          const first = await client.getCandles(request);
          expect(minutesOf(first.candles)).toEqual(range(10, 49));
          const second = await client.getCandles({ ...request, pageToken: first.nextPageToken });
          expect(minutesOf(second.candles)).toEqual(range(50, 89));
          const third = await client.getCandles({ ...request, pageToken: second.nextPageToken });
          expect(minutesOf(third.candles)).toEqual(range(90, 100));
          expect(third.nextPageToken).toBe('');
        });

        it('takes the latest candles up to end_time, 500 by default', async () => {
          const client = candleClient(transport, api.url);
          const latest = await client.getCandles({ symbol: SYMBOL, interval: '1m', limit: 5, endTime: BigInt(minute(30) + 59_999) });
          expect(minutesOf(latest.candles)).toEqual(range(26, 30));
          const all = await client.getCandles({ symbol: 'pageusdt', interval: '1m' });
          expect(all.candles).toHaveLength(STORED);
          expect(all.nextPageToken).toBe('');
        });

        it('lists the symbols with the span of each interval', async () => {
          const client = candleClient(transport, api.url);
          const { symbols } = await client.listSymbols({ exchange: 'Binance' });
          expect(symbols.map((info) => [info.symbol, info.intervals.map((coverage) => coverage.interval)])).toEqual([
            ['ETHUSDT', ['1h']],
            [SYMBOL, ['1m']],
          ]);
          expect(symbols[1]?.intervals[0]).toMatchObject({ firstOpenTime: BigInt(minute(0)), lastOpenTime: BigInt(minute(STORED - 1)) });
          expect((await client.listSymbols({ exchange: 'kraken' })).symbols).toEqual([]);
        });
      });
    }

    it('adds finals the feed has before the store, and the running partial when asked for', async () => {
      const symbol = 'LIVEUSDT';
      await backend.store.upsert(range(0, 9).map((index) => testCandle({ symbol, openTime: minute(index), tradeCount: 2, closed: true })));
      await api.publish([
        { symbol, openTime: minute(10), tradeCount: 4, closed: true },
        { symbol, openTime: minute(11), tradeCount: 1, closed: false },
        { symbol, openTime: minute(11), tradeCount: 7, closed: false },
      ]);
      await waitFor(() => api.api.hub.currentPartial(`binance\u0000${symbol}\u00001m`)?.tradeCount === 7, 30_000, 'the partial on the feed');
      const client = candleClient(options.transports[0] ?? 'grpc', api.url);
      const withPartial = await client.getCandles({ symbol, interval: '1m', limit: 3, includePartial: true });
      expect(withPartial.candles.map((candle) => [(Number(candle.openTime) - minute(0)) / 60_000, candle.closed, Number(candle.tradeCount)])).toEqual([
        [9, true, 2], [10, true, 4], [11, false, 7],
      ]);
      expect(withPartial.candles[2]?.updateTime).toBe(BigInt(minute(11)));
      const older = await client.getCandles({ symbol, interval: '1m', limit: 3, includePartial: true, pageToken: withPartial.nextPageToken });
      expect(minutesOf(older.candles)).toEqual([6, 7, 8]);
      const closedOnly = await client.getCandles({ symbol, interval: '1m', limit: 3 });
      expect(minutesOf(closedOnly.candles)).toEqual([8, 9, 10]);
      const forward = await client.getCandles({ symbol, interval: '1m', startTime: BigInt(minute(8)), includePartial: true });
      expect(minutesOf(forward.candles)).toEqual([8, 9, 10, 11]);
      expect(forward.nextPageToken).toBe('');
      const cut = await client.getCandles({ symbol, interval: '1m', startTime: BigInt(minute(8)), limit: 3, includePartial: true });
      expect(minutesOf(cut.candles)).toEqual([8, 9, 10]);
      const rest = await client.getCandles({ symbol, interval: '1m', startTime: BigInt(minute(8)), limit: 3, includePartial: true, pageToken: cut.nextPageToken });
      expect(rest.candles.map((candle) => candle.closed)).toEqual([false]);
    });
  });
}
