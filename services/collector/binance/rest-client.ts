// Binance's public REST API, the two calls the collector makes: aggregate
// trades from an id (gap backfill) and exchange information (the symbol
// list). Weight-aware (weight-governor.ts), bounded by a timeout, retried on
// transient failures through common/retry; a 429 or 418 blocks every
// request until its Retry-After has passed.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { WickError } from '../../../common/errors/index.js';
import { retry, type RetryMetrics, type RetryPolicy } from '../../../common/retry/index.js';
import { AGG_TRADES_PAGE_LIMIT, AGG_TRADES_WEIGHT, EXCHANGE_INFO_WEIGHT } from './limits.js';
import { WeightGovernor } from './weight-governor.js';

export interface RestClientOptions {
  readonly baseUrl: string;
  /** Bound on one request. */
  readonly timeoutMs: number;
  /** Request weight per minute this process allows itself. */
  readonly weightBudget: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly retryMetrics: RetryMetrics;
  readonly metrics: RestMetrics;
  readonly fetch?: typeof fetch;
}

export interface RestMetrics {
  /** One per HTTP answer (status) or failure without one (status "error"). */
  request(endpoint: string, status: string): void;
  usedWeight(weight: number): void;
}

/** The REST calls the collector's other parts depend on (a fake in tests). */
export interface BinanceRest {
  /** GET /api/v3/aggTrades?symbol=&fromId=&limit=: raw rows, ascending ids. */
  aggTrades(symbol: string, fromId: number, signal: AbortSignal): Promise<readonly unknown[]>;
  /** GET /api/v3/exchangeInfo: the parsed JSON document. */
  exchangeInfo(signal: AbortSignal): Promise<unknown>;
}

export class BinanceRestClient implements BinanceRest {
  private readonly governor: WeightGovernor;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: RestClientOptions) {
    this.governor = new WeightGovernor(options.weightBudget);
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async aggTrades(symbol: string, fromId: number, signal: AbortSignal): Promise<readonly unknown[]> {
    const params = { symbol, fromId: String(fromId), limit: String(AGG_TRADES_PAGE_LIMIT) };
    const body = await this.get('/api/v3/aggTrades', params, AGG_TRADES_WEIGHT, signal);
    if (!Array.isArray(body)) throw new WickError('malformed_data', `aggTrades for ${symbol} answered with something other than an array`);
    return body;
  }

  exchangeInfo(signal: AbortSignal): Promise<unknown> {
    return this.get('/api/v3/exchangeInfo', {}, EXCHANGE_INFO_WEIGHT, signal);
  }

  private get(path: string, params: Readonly<Record<string, string>>, weight: number, signal: AbortSignal): Promise<unknown> {
    // Relative to the base, so a base URL with a path (a proxy) keeps it.
    const url = new URL(path.replace(/^\/+/, ''), this.options.baseUrl.replace(/\/*$/, '/'));
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return retry(() => this.attempt(url, path, weight, signal), {
      ...this.options.retry,
      name: `binance-rest ${path}`,
      logger: this.options.logger,
      metrics: this.options.retryMetrics,
      signal,
    });
  }

  private async attempt(url: URL, endpoint: string, weight: number, signal: AbortSignal): Promise<unknown> {
    for (let wait = this.governor.delayFor(weight, Date.now()); wait > 0; wait = this.governor.delayFor(weight, Date.now())) {
      this.options.logger.debug({ endpoint, waitMs: wait }, 'waiting for REST request weight');
      await sleep(wait, undefined, { signal });
    }
    this.governor.sent(weight, Date.now());
    let response: Response;
    try {
      response = await this.fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]), headers: { accept: 'application/json' } });
    } catch (error) {
      this.governor.answered(weight, undefined, Date.now());
      this.options.metrics.request(endpoint, 'error');
      throw error;
    }
    const used = usedWeight(response.headers);
    this.governor.answered(weight, used, Date.now());
    if (used !== undefined) this.options.metrics.usedWeight(used);
    this.options.metrics.request(endpoint, String(response.status));
    const text = await response.text();
    if (response.ok) return parseBody(text, endpoint);
    throw this.failure(response, text, endpoint);
  }

  private failure(response: Response, text: string, endpoint: string): WickError {
    const detail = `${endpoint} answered ${response.status}: ${text.slice(0, 200)}`;
    if (response.status === 429 || response.status === 418) {
      const seconds = Number(response.headers.get('retry-after'));
      // Without a usable Retry-After, hold back for a minute: the weight window.
      const after = Number.isFinite(seconds) && seconds >= 0 ? seconds : 60;
      this.governor.retryAfter(after, Date.now());
      this.options.logger.warn({ endpoint, status: response.status, retryAfterSeconds: after }, 'Binance rate limit: backing off');
      return new WickError('rate_limited', detail);
    }
    if (response.status >= 500) return new WickError('unavailable', detail);
    return new WickError('failed_precondition', detail);
  }
}

function usedWeight(headers: Headers): number | undefined {
  const value = headers.get('x-mbx-used-weight-1m');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function parseBody(text: string, endpoint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WickError('malformed_data', `${endpoint} answered with invalid JSON`, { cause });
  }
}
