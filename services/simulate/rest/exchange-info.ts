// GET /api/v3/exchangeInfo (rest-api.md, "Exchange information"): the
// recording's symbols, all TRADING on SPOT, with the request-weight limit
// the simulator enforces. `symbol`, `symbols`, `permissions`,
// `showPermissionSets` and `symbolStatus` behave as documented; a symbol
// that is not listed is -1121.
import type { SymbolSummary } from '../recording/summary.js';
import { apiErrors, SYMBOLS_RANGE } from './api-error.js';
import type { SymbolAssets } from './assets.js';
import type { QueryParams } from './params.js';
import { symbolFilters } from './symbol-filters.js';

export interface ListedSymbol {
  readonly summary: SymbolSummary;
  readonly assets: SymbolAssets;
}

export interface RateLimitWindow {
  readonly weightLimit: number;
  readonly intervalNum: number;
  readonly interval: 'SECOND' | 'MINUTE';
}

const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'];
const SYMBOL_STATUSES = ['TRADING', 'HALT', 'BREAK'];
const PERMISSIONS = /^[A-Z_]+$/;

export function exchangeInfo(listed: readonly ListedSymbol[], params: QueryParams, serverTime: number, limits: RateLimitWindow): object {
  const showPermissionSets = params.optional('showPermissionSets') !== 'false';
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: limits.interval, intervalNum: limits.intervalNum, limit: limits.weightLimit },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61_000 },
    ],
    exchangeFilters: [],
    symbols: selectSymbols(listed, params).map((symbol) => symbolInfo(symbol, showPermissionSets)),
  };
}

function selectSymbols(listed: readonly ListedSymbol[], params: QueryParams): readonly ListedSymbol[] {
  const bySymbol = new Map(listed.map((entry) => [entry.summary.symbol, entry]));
  const named = namedSymbols(params);
  const permissions = params.optional('permissions');
  const status = params.optional('symbolStatus');
  if (named !== undefined && (permissions !== undefined || status !== undefined)) throw apiErrors.badCombination();
  if (named !== undefined) {
    return named.map((symbol) => {
      const entry = bySymbol.get(symbol);
      if (entry === undefined) throw apiErrors.badSymbol();
      return entry;
    });
  }
  if (status !== undefined && !SYMBOL_STATUSES.includes(status)) throw apiErrors.badSymbolStatus();
  // Every listed symbol is TRADING with the SPOT permission.
  const statusMatches = status === undefined || status === 'TRADING';
  return statusMatches && (permissions === undefined || parsePermissions(permissions).includes('SPOT')) ? listed : [];
}

/** `symbol=BNBBTC` or `symbols=["BTCUSDT","BNBBTC"]`; undefined when neither is given. */
function namedSymbols(params: QueryParams): string[] | undefined {
  const hasOne = params.has('symbol');
  const hasMany = params.has('symbols');
  if (hasOne && hasMany) throw apiErrors.badCombination();
  if (hasOne) return [params.symbol('symbol')];
  if (!hasMany) return undefined;
  const text = params.required('symbols');
  if (!new RegExp(SYMBOLS_RANGE).test(text)) throw apiErrors.illegalChars('symbols', SYMBOLS_RANGE);
  const symbols = JSON.parse(text) as string[];
  if (symbols.length === 0) throw apiErrors.mandatory('symbols');
  if (new Set(symbols).size !== symbols.length) throw apiErrors.duplicateSymbols();
  return symbols;
}

/** `SPOT` or `["MARGIN","LEVERAGED"]`. */
function parsePermissions(text: string): string[] {
  if (PERMISSIONS.test(text)) return [text];
  try {
    const list: unknown = JSON.parse(text);
    if (Array.isArray(list) && list.every((item) => typeof item === 'string' && PERMISSIONS.test(item))) return list as string[];
  } catch {
    // fall through to the error below
  }
  throw apiErrors.invalidValue('permissions');
}

function symbolInfo(entry: ListedSymbol, showPermissionSets: boolean): object {
  const { summary, assets } = entry;
  return {
    symbol: summary.symbol,
    status: 'TRADING',
    baseAsset: assets.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: assets.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ORDER_TYPES,
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    opoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    pegInstructionsAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: symbolFilters(summary, assets.quoteAsset),
    permissions: [],
    permissionSets: showPermissionSets ? [['SPOT']] : [],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: STP_MODES,
  };
}
