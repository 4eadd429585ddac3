import { describe, expect, it } from 'vitest';
import { INTERVALS } from '../../../common/candles/intervals.js';
import { parseStreamPath } from './stream-path.js';
import { klineStreamName, parseStreamName } from './stream-names.js';

describe('stream names', () => {
  it('serves aggTrade, trade and kline streams of every interval, in UTC and at +08:00', () => {
    expect(parseStreamName('btcusdt@aggTrade')).toEqual({ type: 'aggTrade', symbol: 'btcusdt' });
    expect(parseStreamName('btcusdt@trade')).toEqual({ type: 'trade', symbol: 'btcusdt' });
    for (const interval of INTERVALS) {
      expect(parseStreamName(`btcusdt@kline_${interval}`)).toEqual({ type: 'kline', symbol: 'btcusdt', interval, offsetMinutes: 0 });
      expect(parseStreamName(`btcusdt@kline_${interval}@+08:00`)).toEqual({ type: 'kline', symbol: 'btcusdt', interval, offsetMinutes: 480 });
    }
    expect(klineStreamName('BTCUSDT', '1M', 0)).toBe('btcusdt@kline_1M');
    expect(klineStreamName('BTCUSDT', '1d', 480)).toBe('btcusdt@kline_1d@+08:00');
  });

  it('accepts the other documented streams, which stay silent', () => {
    for (const name of ['btcusdt@depth', 'btcusdt@depth@100ms', 'btcusdt@depth20@100ms', 'btcusdt@miniTicker', 'btcusdt@ticker_1h', 'btcusdt@bookTicker', 'btcusdt@avgPrice', '!miniTicker@arr', '!ticker_4h@arr']) {
      expect(parseStreamName(name)).toEqual({ type: 'silent' });
    }
  });

  it('accepts a well-formed name for any symbol (Binance then sends nothing), refuses malformed ones', () => {
    expect(parseStreamName('BTCUSDT@aggTrade')).toEqual({ type: 'aggTrade', symbol: 'BTCUSDT' });
    for (const name of ['', 'btcusdt', '@aggTrade', 'btcusdt@aggtrade', 'btcusdt@kline_2m', 'btcusdt@kline_1m@+09:00', 'btcusdt@kline_1m@+08:00@x', 'not a stream', 'a/b@trade']) {
      expect(parseStreamName(name), name).toBeUndefined();
    }
  });
});

describe('stream endpoints', () => {
  it('reads /ws, /ws/<stream>, /ws/<a>/<b> as raw and /stream?streams= as combined', () => {
    expect(parseStreamPath('/ws')).toEqual({ ok: true, combined: false, micros: false, streams: [] });
    expect(parseStreamPath('/ws/btcusdt@aggTrade')).toEqual({ ok: true, combined: false, micros: false, streams: ['btcusdt@aggTrade'] });
    expect(parseStreamPath('/ws/btcusdt@aggTrade/ethusdt@trade')).toMatchObject({ streams: ['btcusdt@aggTrade', 'ethusdt@trade'] });
    expect(parseStreamPath('/stream?streams=btcusdt@aggTrade/btcusdt@kline_1m@%2B08:00')).toEqual({
      ok: true,
      combined: true,
      micros: false,
      streams: ['btcusdt@aggTrade', 'btcusdt@kline_1m@+08:00'],
    });
    expect(parseStreamPath('/stream')).toEqual({ ok: true, combined: true, micros: false, streams: [] });
  });

  it('takes timeUnit=MICROSECOND in either case', () => {
    expect(parseStreamPath('/stream?streams=btcusdt@trade&timeUnit=MICROSECOND')).toMatchObject({ ok: true, micros: true });
    expect(parseStreamPath('/ws/btcusdt@trade?timeUnit=microsecond')).toMatchObject({ ok: true, micros: true });
    expect(parseStreamPath('/ws?timeUnit=nanosecond')).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses other paths and invalid stream names', () => {
    expect(parseStreamPath('/api/v3/ping')).toMatchObject({ ok: false, status: 404 });
    expect(parseStreamPath('/ws/btcusdt@nonsense')).toMatchObject({ ok: false, status: 400 });
    expect(parseStreamPath('/ws/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });
});
