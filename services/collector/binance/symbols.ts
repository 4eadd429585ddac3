// Which symbols to collect: the configured list, or every symbol Binance
// lists as TRADING (optionally only those quoted in one asset), read from
// GET /api/v3/exchangeInfo. The exchangeInfo wire types are declared here,
// beside the only code that reads them (rest-api.md "Exchange information").
import { WickError } from '../../../common/errors/index.js';
import type { BinanceRest } from './rest-client.js';

/** The fields of an exchangeInfo symbol the collector reads. */
export interface ExchangeInfoSymbol {
  readonly symbol: string;
  /** TRADING, HALT, BREAK (enums.md "Symbol status"). */
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

export interface ExchangeInfo {
  readonly symbols: readonly ExchangeInfoSymbol[];
}

export type SymbolSelection =
  | { readonly kind: 'list'; readonly symbols: readonly string[] }
  /** Every TRADING symbol, or only those with this quote asset. */
  | { readonly kind: 'trading'; readonly quoteAsset?: string };

/** Upper case, each once, in the given order. */
export function normalizeSymbols(symbols: readonly string[]): string[] {
  return [...new Set(symbols.map((symbol) => symbol.trim().toUpperCase()))];
}

export async function resolveSymbols(selection: SymbolSelection, rest: BinanceRest, signal: AbortSignal): Promise<string[]> {
  if (selection.kind === 'list') return normalizeSymbols(selection.symbols);
  const info = parseExchangeInfo(await rest.exchangeInfo(signal));
  const quote = selection.quoteAsset?.toUpperCase();
  const symbols = info.symbols
    .filter((entry) => entry.status === 'TRADING' && (quote === undefined || entry.quoteAsset === quote))
    .map((entry) => entry.symbol);
  if (symbols.length === 0) {
    throw new WickError('not_found', quote === undefined ? 'exchangeInfo lists no TRADING symbol' : `exchangeInfo lists no TRADING symbol quoted in ${quote}`);
  }
  return normalizeSymbols(symbols);
}

export function parseExchangeInfo(body: unknown): ExchangeInfo {
  const symbols = typeof body === 'object' && body !== null ? (body as { symbols?: unknown }).symbols : undefined;
  if (!Array.isArray(symbols)) throw new WickError('malformed_data', 'exchangeInfo has no symbols array');
  return { symbols: symbols.filter(isExchangeInfoSymbol) };
}

function isExchangeInfoSymbol(value: unknown): value is ExchangeInfoSymbol {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.symbol === 'string' && entry.symbol !== '' && typeof entry.status === 'string' && typeof entry.quoteAsset === 'string';
}
