import { describe, expect, it } from 'vitest';
import { isWickError } from '../../../common/errors/index.js';
import { silentLogger } from '../../../common/log/index.js';
import { createMetricsRegistry } from '../../../common/metrics/index.js';
import { createRetryMetrics } from '../../../common/retry/index.js';
import { BinanceRestClient } from './rest-client.js';

interface Call {
  readonly url: URL;
  readonly at: number;
}

type Answer = { status: number; body: string; headers?: Record<string, string> } | 'network-error' | 'hang';

function harness(answers: Answer[], options: { weightBudget?: number; timeoutMs?: number } = {}) {
  const calls: Call[] = [];
  const requests: Array<[string, string]> = [];
  const weights: number[] = [];
  const fetchFake = (async (input: URL, init?: RequestInit) => {
    calls.push({ url: new URL(input), at: Date.now() });
    const answer = answers.shift() ?? { status: 500, body: 'no more answers scripted' };
    if (answer === 'network-error') throw new TypeError('fetch failed');
    if (answer === 'hang') {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }) as typeof fetch;
  const client = new BinanceRestClient({
    baseUrl: 'http://127.0.0.1:1/base/',
    timeoutMs: options.timeoutMs ?? 1_000,
    weightBudget: options.weightBudget ?? 6_000,
    retry: { maxAttempts: 3, startingDelayMs: 1, maxDelayMs: 5 },
    logger: silentLogger(),
    retryMetrics: createRetryMetrics(createMetricsRegistry({ service: 'test', defaultMetrics: false })),
    metrics: { request: (endpoint, status) => requests.push([endpoint, status]), usedWeight: (weight) => weights.push(weight) },
    fetch: fetchFake,
  });
  return { client, calls, requests, weights };
}

const ROWS = [{ a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true, M: true }];
const signal = new AbortController().signal;

describe('BinanceRestClient', () => {
  it('asks for a page of aggTrades from an id and reports the used weight', async () => {
    const { client, calls, requests, weights } = harness([{ status: 200, body: JSON.stringify(ROWS), headers: { 'x-mbx-used-weight-1m': '24' } }]);
    expect(await client.aggTrades('ETHBTC', 26129, signal)).toEqual(ROWS);
    expect(calls[0]?.url.href).toBe('http://127.0.0.1:1/base/api/v3/aggTrades?symbol=ETHBTC&fromId=26129&limit=1000');
    expect(requests).toEqual([['/api/v3/aggTrades', '200']]);
    expect(weights).toEqual([24]);
  });

  it('retries server errors and network failures', async () => {
    const { client, calls } = harness(['network-error', { status: 503, body: 'busy' }, { status: 200, body: '[]' }]);
    expect(await client.aggTrades('ETHBTC', 1, signal)).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('does not retry a request Binance rejects', async () => {
    const { client, calls } = harness([{ status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' }]);
    const error = await client.aggTrades('NOPE', 1, signal).catch((caught: unknown) => caught);
    expect(isWickError(error, 'failed_precondition')).toBe(true);
    expect((error as Error).message).toContain('Invalid symbol.');
    expect(calls).toHaveLength(1);
  });

  it('sends nothing until Retry-After has passed after a 429', async () => {
    const { client, calls } = harness([
      { status: 429, body: '{"code":-1003,"msg":"Too many requests"}', headers: { 'retry-after': '1' } },
      { status: 200, body: '[]' },
    ]);
    expect(await client.aggTrades('ETHBTC', 1, signal)).toEqual([]);
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('bounds each request by the timeout and retries it', async () => {
    const { client, calls } = harness(['hang', { status: 200, body: '[]' }], { timeoutMs: 50 });
    expect(await client.aggTrades('ETHBTC', 1, signal)).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('rejects a body that is not what Binance sends', async () => {
    const { client } = harness([{ status: 200, body: '<html>' }, { status: 200, body: '{"a":1}' }]);
    expect(isWickError(await client.aggTrades('ETHBTC', 1, signal).catch((error: unknown) => error), 'malformed_data')).toBe(true);
    expect(isWickError(await client.aggTrades('ETHBTC', 1, signal).catch((error: unknown) => error), 'malformed_data')).toBe(true);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const { client } = harness(['hang'], { timeoutMs: 10_000 });
    const pending = client.exchangeInfo(controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    await expect(pending).rejects.toThrow('shutting down');
  });
});
