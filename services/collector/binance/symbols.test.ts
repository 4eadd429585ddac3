import { describe, expect, it } from 'vitest';
import type { BinanceRest } from './rest-client.js';
import { normalizeSymbols, parseExchangeInfo, resolveSymbols } from './symbols.js';

// Shaped like the exchangeInfo response of rest-api.md, trimmed to the fields read.
const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: 1565246363776,
  rateLimits: [],
  exchangeFilters: [],
  symbols: [
    { symbol: 'ETHBTC', status: 'TRADING', baseAsset: 'ETH', quoteAsset: 'BTC', filters: [] },
    { symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [] },
    { symbol: 'LUNAUSDT', status: 'BREAK', baseAsset: 'LUNA', quoteAsset: 'USDT', filters: [] },
    { symbol: 'ETHUSDT', status: 'TRADING', baseAsset: 'ETH', quoteAsset: 'USDT', filters: [] },
    { status: 'TRADING' },
  ],
};

const rest = (body: unknown): BinanceRest => ({
  exchangeInfo: async () => body,
  aggTrades: async () => [],
});
const signal = new AbortController().signal;

describe('resolveSymbols', () => {
  it('uses a configured list as given, upper case, each once', async () => {
    expect(await resolveSymbols({ kind: 'list', symbols: ['btcusdt', 'ETHUSDT', 'BTCUSDT'] }, rest(undefined), signal)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('takes every TRADING symbol with the quote asset from exchangeInfo', async () => {
    expect(await resolveSymbols({ kind: 'trading', quoteAsset: 'usdt' }, rest(EXCHANGE_INFO), signal)).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('takes every TRADING symbol without a quote asset', async () => {
    expect(await resolveSymbols({ kind: 'trading' }, rest(EXCHANGE_INFO), signal)).toEqual(['ETHBTC', 'BTCUSDT', 'ETHUSDT']);
  });

  it('fails clearly when nothing matches or the answer is no exchangeInfo', async () => {
    await expect(resolveSymbols({ kind: 'trading', quoteAsset: 'EUR' }, rest(EXCHANGE_INFO), signal)).rejects.toThrow('no TRADING symbol quoted in EUR');
    expect(() => parseExchangeInfo({ code: -1121, msg: 'Invalid symbol.' })).toThrow('exchangeInfo has no symbols array');
  });

  it('normalizes', () => {
    expect(normalizeSymbols([' xrpeth ', 'XRPETH'])).toEqual(['XRPETH']);
  });
});
