// Base and quote asset of a symbol. Binance symbols are the two asset codes
// glued together (XRPETH = XRP + ETH), so the quote is the longest known
// quote asset the symbol ends with. The list is the quote assets Binance
// spot has listed markets in; a symbol ending in none of them cannot be
// split honestly and is reported, not guessed.

const QUOTE_ASSETS = [
  'FDUSD', 'USDT', 'USDC', 'TUSD', 'BUSD', 'USDP', 'USDS', 'AEUR', 'EURI', 'BIDR', 'IDRT', 'BVND', 'GYEN', 'USD1',
  'DAI', 'PAX', 'VAI', 'UST', 'BTC', 'ETH', 'BNB', 'XRP', 'TRX', 'DOGE', 'DOT', 'SOL', 'EUR', 'GBP', 'AUD', 'BRL',
  'TRY', 'RUB', 'UAH', 'NGN', 'ZAR', 'PLN', 'RON', 'ARS', 'JPY', 'MXN', 'COP', 'CZK', 'IDR',
] as const;

// Longest first, so FDUSD wins over USD-less suffixes and USDT over a shorter match.
const BY_LENGTH = [...QUOTE_ASSETS].sort((a, b) => b.length - a.length);

export interface SymbolAssets {
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

/** Undefined when the symbol ends in no known quote asset (or is nothing but one). */
export function splitSymbol(symbol: string): SymbolAssets | undefined {
  const quote = BY_LENGTH.find((asset) => symbol.endsWith(asset) && symbol.length > asset.length);
  return quote === undefined ? undefined : { baseAsset: symbol.slice(0, -quote.length), quoteAsset: quote };
}
