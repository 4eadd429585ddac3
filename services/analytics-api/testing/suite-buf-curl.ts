// `buf curl` (from the @bufbuild/buf package) as an independent client: it
// shares no code with connect-es, so what it accepts is what any gRPC or
// Connect client would. The schema comes from the repository's proto module.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCandle } from './candle-updates.js';
import { minute, type SuiteBackend, type SuiteOptions } from './suite.js';
import { startTestApi, type TestApi } from './test-api.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUF = `${ROOT}node_modules/.bin/buf`;

export interface CurlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type CurlProtocol = 'grpc' | 'connect' | 'grpcweb';

/** Runs `buf curl` on `method` (e.g. "wick.v1.CandleService/GetCandles"); `onOutput` sees stdout as it grows (for streams). */
export function bufCurl(url: string, method: string, body: unknown, protocol: CurlProtocol, onOutput?: (stdout: string) => void): Promise<CurlResult> {
  const args = ['curl', '--schema', ROOT, '--protocol', protocol, '--emit-defaults', '-d', JSON.stringify(body), `${url}/${method}`];
  if (protocol === 'grpc') args.splice(1, 0, '--http2-prior-knowledge');
  return new Promise((resolve, reject) => {
    const child = spawn(BUF, args, { cwd: ROOT, env: { ...process.env, BUF_CACHE_DIR: join(tmpdir(), 'wick-buf-cache') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** buf curl prints one JSON document per message. */
export function jsonDocuments(text: string): Array<Record<string, unknown>> {
  const documents: Array<Record<string, unknown>> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) documents.push(JSON.parse(text.slice(start, index + 1)) as Record<string, unknown>);
    }
  }
  return documents;
}

export function bufCurlSuite(options: SuiteOptions): void {
  describe.skipIf(options.skip)(`buf curl as the client (${options.name})`, () => {
    let backend: SuiteBackend;
    let api: TestApi;

    beforeAll(async () => {
      backend = await options.open();
      await backend.store.upsert([0, 1, 2, 3].map((index) => testCandle({ symbol: 'CURLUSDT', openTime: minute(index), tradeCount: 2 + index, closed: true })));
      api = await startTestApi({ store: backend.store, bus: backend.bus });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await backend?.close();
    }, 60_000);

    for (const protocol of ['grpc', 'connect', 'grpcweb'] as const) {
      it(`GetCandles and ListSymbols over --protocol ${protocol}`, { timeout: 60_000 }, async () => {
        const candles = await bufCurl(api.url, 'wick.v1.CandleService/GetCandles', { symbol: 'CURLUSDT', interval: '1m', limit: 2 }, protocol);
        expect(candles.stderr).toBe('');
        expect(candles.code).toBe(0);
        const [page] = jsonDocuments(candles.stdout) as Array<{ candles: Array<Record<string, unknown>>; nextPageToken: string }>;
        expect(page?.candles.map((candle) => [candle.openTime, candle.tradeCount, candle.volume, candle.closed])).toEqual([
          [String(minute(2)), '4', '4.50000000', true],
          [String(minute(3)), '5', '5.50000000', true],
        ]);
        expect(page?.nextPageToken).not.toBe('');
        const symbols = await bufCurl(api.url, 'wick.v1.CandleService/ListSymbols', {}, protocol);
        expect(jsonDocuments(symbols.stdout)[0]).toEqual({
          symbols: [{ exchange: 'binance', symbol: 'CURLUSDT', intervals: [{ interval: '1m', firstOpenTime: String(minute(0)), lastOpenTime: String(minute(3)) }] }],
        });
      });

      it(`a bad request over --protocol ${protocol} fails with invalid_argument naming the field`, { timeout: 60_000 }, async () => {
        const result = await bufCurl(api.url, 'wick.v1.CandleService/GetCandles', { symbol: 'CURLUSDT', interval: '7x' }, protocol);
        expect(result.code).not.toBe(0);
        const [error] = jsonDocuments(result.stderr);
        expect(error).toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/^interval: "7x" is not a Binance interval \(1s 1m .* 1M\)$/) });
      });
    }

    it('StreamCandles over gRPC: history, HistoryComplete, a live update, then UNAVAILABLE on shutdown', { timeout: 60_000 }, async () => {
      const closing = await startTestApi({ store: backend.store, bus: backend.bus });
      let sawHistory: () => void = () => undefined;
      const historySent = new Promise<void>((resolve) => (sawHistory = resolve));
      let sawLive: () => void = () => undefined;
      const liveSent = new Promise<void>((resolve) => (sawLive = resolve));
      const request = { subscriptions: [{ symbol: 'CURLUSDT', interval: '1m' }], history: 2 };
      const running = bufCurl(closing.url, 'wick.v1.CandleService/StreamCandles', request, 'grpc', (stdout) => {
        if (stdout.includes('historyComplete')) sawHistory();
        if (stdout.includes('"closed": false')) sawLive();
      });
      await historySent;
      await closing.publish([{ symbol: 'CURLUSDT', openTime: minute(4), tradeCount: 1, closed: false }]);
      await liveSent;
      await closing.api.endStreams(AbortSignal.timeout(5_000));
      const result = await running;
      await closing.close();
      const events = jsonDocuments(result.stdout);
      expect(events.map((event) => Object.keys(event)[0])).toEqual(['candleUpdate', 'candleUpdate', 'historyComplete', 'candleUpdate']);
      expect(events.map((event) => (event.candleUpdate as { sequence?: string } | undefined)?.sequence ?? (event.historyComplete as { lastSequence: string }).lastSequence))
        .toEqual(['1', '2', '2', '3']);
      expect(result.code).not.toBe(0);
      expect(jsonDocuments(result.stderr)[0]).toMatchObject({ code: 'unavailable', message: 'server is shutting down; reconnect' });
    });
  });
}
