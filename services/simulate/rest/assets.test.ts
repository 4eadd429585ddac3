import { describe, expect, it } from 'vitest';
import { splitSymbol } from './assets.js';

describe('splitSymbol', () => {
  it('takes the longest known quote asset the symbol ends with', () => {
    expect(splitSymbol('XRPETH')).toEqual({ baseAsset: 'XRP', quoteAsset: 'ETH' });
    expect(splitSymbol('BTCUSDT')).toEqual({ baseAsset: 'BTC', quoteAsset: 'USDT' });
    expect(splitSymbol('ETHBTC')).toEqual({ baseAsset: 'ETH', quoteAsset: 'BTC' });
    expect(splitSymbol('BTCFDUSD')).toEqual({ baseAsset: 'BTC', quoteAsset: 'FDUSD' });
    expect(splitSymbol('DOTUSDT')).toEqual({ baseAsset: 'DOT', quoteAsset: 'USDT' });
    expect(splitSymbol('BNBTRY')).toEqual({ baseAsset: 'BNB', quoteAsset: 'TRY' });
  });

  it('refuses a symbol it cannot split honestly', () => {
    expect(splitSymbol('FOOBAR')).toBeUndefined();
    expect(splitSymbol('USDT')).toBeUndefined();
  });
});
