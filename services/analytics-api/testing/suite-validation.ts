// Bad requests get INVALID_ARGUMENT naming the field, unknown series
// NOT_FOUND, over Connect and gRPC alike.
import { Code, ConnectError } from '@connectrpc/connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERVALS } from '../../../common/candles/intervals.js';
import { testCandle } from './candle-updates.js';
import { StreamReader } from './stream-reader.js';
import { minute, type SuiteBackend, type SuiteOptions } from './suite.js';
import { startTestApi, type TestApi } from './test-api.js';
import { candleClient, type TransportName } from './transports.js';

const BINANCE_INTERVALS = INTERVALS.join(' ');

async function failure(call: Promise<unknown>): Promise<[Code, string]> {
  try {
    await call;
  } catch (error) {
    const connectError = ConnectError.from(error);
    return [connectError.code, connectError.rawMessage];
  }
  throw new Error('the call succeeded');
}

export function validationSuite(options: SuiteOptions): void {
  describe.skipIf(options.skip)(`request validation (${options.name})`, () => {
    let backend: SuiteBackend;
    let api: TestApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert([testCandle({ symbol: 'BTCUSDT', openTime: minute(0), tradeCount: 2, closed: true })]);
      api = await startTestApi({ store: backend.store, bus: backend.bus });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend?.close();
    }, 60_000);

    const transports: TransportName[] = ['connect-json-h1', 'grpc'];
    for (const transport of transports) {
      it(`GetCandles over ${transport}: each bad field by name`, async () => {
        const client = candleClient(transport, api.url);
        const good = { symbol: 'BTCUSDT', interval: '1m' };
        const cases: Array<[Record<string, unknown>, Code, string]> = [
          [{ interval: '7x' }, Code.InvalidArgument, `interval: "7x" is not a Binance interval (${BINANCE_INTERVALS})`],
          [{ interval: '' }, Code.InvalidArgument, `interval: is required (one of ${BINANCE_INTERVALS})`],
          [{ symbol: '' }, Code.InvalidArgument, 'symbol: is required (e.g. BTCUSDT)'],
          [{ symbol: 'BTC USDT' }, Code.InvalidArgument, 'symbol: "BTC USDT" is not a symbol (letters and digits, e.g. BTCUSDT)'],
          [{ exchange: 'bin ance' }, Code.InvalidArgument, 'exchange: "bin ance" is not an exchange id (letters, digits, _ or -, e.g. binance)'],
          [{ limit: 1001 }, Code.InvalidArgument, 'limit: 1001 is more than the maximum 1000'],
          [{ startTime: 20n, endTime: 10n }, Code.InvalidArgument, 'end_time: 10 is before start_time 20'],
          [{ startTime: -1n }, Code.InvalidArgument, 'start_time: -1 is not a time in milliseconds since the Unix epoch between 1970 and 2199'],
          [{ endTime: 99_999_999_999_999n }, Code.InvalidArgument, 'end_time: 99999999999999 is not a time in milliseconds since the Unix epoch between 1970 and 2199'],
          [{ pageToken: 'not a token' }, Code.InvalidArgument, 'page_token: is malformed (pass next_page_token exactly as returned)'],
          [{ symbol: 'NOPEUSDT' }, Code.NotFound, 'unknown symbol "NOPEUSDT" on exchange binance'],
          [{ exchange: 'kraken' }, Code.NotFound, 'unknown symbol "BTCUSDT" on exchange kraken'],
          [{ interval: '5m' }, Code.NotFound, 'binance BTCUSDT has no 5m candles (it has 1m)'],
        ];
        for (const [change, code, message] of cases) {
          expect(await failure(client.getCandles({ ...good, ...change })), JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).toEqual([code, message]);
        }
      });
    }

    it('refuses a page token of another request', async () => {
      await backend.store.upsert([1, 2, 3].map((index) => testCandle({ symbol: 'BTCUSDT', openTime: minute(index), tradeCount: 2, closed: true })));
      const client = candleClient('grpc', api.url);
      const page = await client.getCandles({ symbol: 'BTCUSDT', interval: '1m', limit: 2 });
      expect(page.nextPageToken).not.toBe('');
      expect(await failure(client.getCandles({ symbol: 'BTCUSDT', interval: '1m', limit: 2, endTime: 5n, pageToken: page.nextPageToken }))).toEqual([
        Code.InvalidArgument, 'page_token: belongs to a different request (repeat the request that returned it, changing only the page size)',
      ]);
      expect((await client.getCandles({ symbol: 'BTCUSDT', interval: '1m', limit: 3, pageToken: page.nextPageToken })).candles).toHaveLength(2);
    });

    it('StreamCandles: each bad field by name, before any message', async () => {
      const sub = { symbol: 'BTCUSDT', interval: '1m' };
      const cases: Array<[Record<string, unknown>, Code, string]> = [
        [{ subscriptions: [] }, Code.InvalidArgument, 'subscriptions: needs at least one subscription'],
        [{ subscriptions: Array.from({ length: 65 }, () => sub) }, Code.InvalidArgument, 'subscriptions: has 65 subscriptions, more than the maximum 64'],
        [{ subscriptions: [sub], history: 1001 }, Code.InvalidArgument, 'history: 1001 is more than the maximum 1000'],
        [{ subscriptions: [sub, { ...sub, interval: '7x' }] }, Code.InvalidArgument, `subscriptions[1].interval: "7x" is not a Binance interval (${BINANCE_INTERVALS})`],
        [{ subscriptions: [sub, { ...sub, symbol: 'btcusdt', exchange: 'BINANCE' }] }, Code.InvalidArgument, 'subscriptions[1]: repeats subscriptions[0] (binance BTCUSDT 1m)'],
        [{ subscriptions: [sub, { symbol: 'NOPEUSDT', interval: '1m' }] }, Code.NotFound, 'unknown symbol "NOPEUSDT" on exchange binance'],
      ];
      for (const transport of ['connect-h2', 'grpc-web'] as const) {
        const client = candleClient(transport, api.url);
        for (const [request, code, message] of cases) {
          const reader = new StreamReader((signal) => client.streamCandles(request, { signal }));
          await reader.waitFor((r) => r.ended, 10_000, 'the stream to fail');
          expect([reader.events.length, reader.error?.code, reader.error?.rawMessage]).toEqual([0, code, message]);
        }
      }
    });

    it('ListSymbols: a bad exchange by name', async () => {
      expect(await failure(candleClient('grpc', api.url).listSymbols({ exchange: '-' }))).toEqual([
        Code.InvalidArgument, 'exchange: "-" is not an exchange id (letters, digits, _ or -, e.g. binance)',
      ]);
    });
  });
}
