// The filters of a symbol in exchangeInfo, in the formats of filters.md.
// What a recording shows is used: the tick size is the finest price step
// any trade was written with, the step size the finest quantity step, the
// maximum price three orders of magnitude above the highest trade. The
// rest (order limits, notional bounds per quote asset) are values Binance
// commonly lists, since a trade recording cannot show them. Decimals are
// written with 8 places, as Binance writes spot filters.
import { integerDigits, unitAtScale, zeroAtScale } from '../recording/decimal-text.js';
import type { SymbolSummary } from '../recording/summary.js';

const SPOT_SCALE = 8;

/** Minimum notional by quote asset, as Binance lists it for its larger quote assets. */
const MIN_NOTIONAL: Readonly<Record<string, string>> = {
  USDT: '5', USDC: '5', FDUSD: '5', TUSD: '5', BUSD: '5', BTC: '0.0001', ETH: '0.001', BNB: '0.01',
};

export function symbolFilters(summary: SymbolSummary, quoteAsset: string): object[] {
  const scale = Math.max(SPOT_SCALE, summary.priceScale, summary.quantityScale);
  const tickSize = unitAtScale(summary.priceScale, scale);
  const stepSize = unitAtScale(summary.quantityScale, scale);
  const maxPrice = powerOfTen(integerDigits(summary.maxPrice).length + 3, scale);
  const maxQty = padded('9000000', scale);
  return [
    { filterType: 'PRICE_FILTER', minPrice: tickSize, maxPrice, tickSize },
    { filterType: 'LOT_SIZE', minQty: stepSize, maxQty, stepSize },
    { filterType: 'ICEBERG_PARTS', limit: 10 },
    { filterType: 'MARKET_LOT_SIZE', minQty: zeroAtScale(scale), maxQty, stepSize: zeroAtScale(scale) },
    { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
    { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
    {
      filterType: 'NOTIONAL',
      minNotional: padded(MIN_NOTIONAL[quoteAsset] ?? '1', scale),
      applyMinToMarket: true,
      maxNotional: padded('9000000', scale),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
  ];
}

/** 10^exponent written with `scale` decimals: powerOfTen(3, 8) = "1000.00000000". */
function powerOfTen(exponent: number, scale: number): string {
  return padded(`1${'0'.repeat(exponent)}`, scale);
}

function padded(value: string, scale: number): string {
  const point = value.indexOf('.');
  const fraction = point === -1 ? '' : value.slice(point + 1);
  const whole = point === -1 ? value : value.slice(0, point);
  return scale === 0 ? whole : `${whole}.${fraction.padEnd(scale, '0')}`;
}
