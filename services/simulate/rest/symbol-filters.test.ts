import { describe, expect, it } from 'vitest';
import type { SymbolSummary } from '../recording/summary.js';
import { symbolFilters } from './symbol-filters.js';

const summary = (overrides: Partial<SymbolSummary>): SymbolSummary => ({
  symbol: 'XRPETH', kind: 'aggTrade', trades: 1, firstAggregateId: 1, lastAggregateId: 1, firstTradeId: 1, lastTradeId: 1, firstTime: 0, lastTime: 0,
  priceScale: 8, quantityScale: 0, maxPrice: '0.00154262', ...overrides,
});

describe('symbolFilters', () => {
  it('derives tick size, step size and the price cap from the recording', () => {
    const filters = symbolFilters(summary({}), 'ETH') as Array<Record<string, unknown>>;
    expect(filters.find((filter) => filter.filterType === 'PRICE_FILTER')).toEqual({
      filterType: 'PRICE_FILTER', minPrice: '0.00000001', maxPrice: '1000.00000000', tickSize: '0.00000001',
    });
    expect(filters.find((filter) => filter.filterType === 'LOT_SIZE')).toEqual({ filterType: 'LOT_SIZE', minQty: '1.00000000', maxQty: '9000000.00000000', stepSize: '1.00000000' });
    expect(filters.find((filter) => filter.filterType === 'NOTIONAL')).toMatchObject({ minNotional: '0.00100000' });
  });

  it('widens the scale for symbols quoted finer than 8 decimals', () => {
    const filters = symbolFilters(summary({ priceScale: 10, quantityScale: 2, maxPrice: '58001.03' }), 'USDT') as Array<Record<string, unknown>>;
    expect(filters.find((filter) => filter.filterType === 'PRICE_FILTER')).toEqual({
      filterType: 'PRICE_FILTER', minPrice: '0.0000000001', maxPrice: '100000000.0000000000', tickSize: '0.0000000001',
    });
    expect(filters.find((filter) => filter.filterType === 'LOT_SIZE')).toMatchObject({ stepSize: '0.0100000000' });
  });
});
