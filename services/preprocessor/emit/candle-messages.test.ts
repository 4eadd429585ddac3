import { propagation } from '@opentelemetry/api';
import { core } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../common/candles/candle.js';
import { decodeCandle, toDomainCandle } from '../../../common/serde/index.js';
import { delivered } from '../testing/trades.js';
import { candleMessages } from './candle-messages.js';

function candle(overrides: Partial<Candle> & Pick<Candle, 'openTime'>): Candle {
  return {
    exchange: 'binance', symbol: 'BTCUSDT', interval: '1m', closeTime: overrides.openTime + 59_999,
    open: '1.0', high: '2.0', low: '0.5', close: '1.5', volume: '3.0', quoteVolume: '4.5', takerBuyVolume: '1.0', takerBuyQuoteVolume: '1.5',
    tradeCount: 3, firstTradeId: 10, lastTradeId: 12, closed: false, revision: 0, ...overrides,
  };
}

describe('candleMessages', () => {
  it('keys by exchange:SYMBOL, stamps the engine clock and round-trips through the serde', () => {
    const final = candle({ openTime: 60_000, closed: true, revision: 2 });
    const [message] = candleMessages([final], 120_500);
    expect(message!.key).toBe('binance:BTCUSDT');
    expect(message!.headers).toBeUndefined();
    const decoded = decodeCandle(message!.value);
    expect(decoded.updateTime).toBe(120_500n);
    expect(toDomainCandle(decoded)).toEqual(final);
  });

  describe('with a W3C propagator registered (as telemetry does)', () => {
    beforeAll(() => {
      propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
    });
    afterAll(() => {
      propagation.disable();
    });

    it("carries the trace of the symbol's newest traced trade", () => {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const trade = delivered({ key: 'binance:BTCUSDT', value: new Uint8Array(), headers: { traceparent } }, 5n);
      const [traced, untraced] = candleMessages([candle({ openTime: 0 }), candle({ openTime: 0, symbol: 'ETHUSDT' })], 1, new Map([['binance:BTCUSDT', trade]]));
      expect(traced!.headers?.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-/);
      expect(untraced!.headers).toBeUndefined();
    });
  });
});
