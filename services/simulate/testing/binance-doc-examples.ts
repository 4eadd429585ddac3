// Example payloads copied from Binance's own documentation, the repository
// github.com/binance/binance-spot-api-docs (read at commit a5e0bc3d, July
// 2026), with the docs' `// comments` removed. Each names its file and
// section. Tests compare the simulator's answers with these key for key and
// JSON type for JSON type (testing/json-shape.ts).

// web-socket-streams.md, "Aggregate Trade Streams", Payload.
export const AGG_TRADE_EVENT = {
  e: 'aggTrade', E: 1672515782136, s: 'BNBBTC', a: 12345, p: '0.001', q: '100', f: 100, l: 105, T: 1672515782136, m: true, M: true,
};

// web-socket-streams.md, "Trade Streams", Payload.
export const TRADE_EVENT = {
  e: 'trade', E: 1672515782136, s: 'BNBBTC', t: 12345, p: '0.001', q: '100', T: 1672515782136, m: true, M: true,
};

// web-socket-streams.md, "Kline/Candlestick Streams for UTC", Payload (the "with timezone offset" section shows the same).
export const KLINE_EVENT = {
  e: 'kline',
  E: 1672515782136,
  s: 'BNBBTC',
  k: {
    t: 1672515780000, T: 1672515839999, s: 'BNBBTC', i: '1m', f: 100, L: 200, o: '0.0010', c: '0.0020', h: '0.0025', l: '0.0015',
    v: '1000', n: 100, x: false, q: '1.0000', V: '500', Q: '0.500', B: '123456',
  },
};

// web-socket-streams.md, "Server Shutdown": the raw and the combined stream form.
export const SERVER_SHUTDOWN_EVENT = { e: 'serverShutdown', E: 1770123456789 };
export const SERVER_SHUTDOWN_COMBINED = { stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1770123456789 } };

// web-socket-streams.md, "General WSS information": combined stream events are wrapped as {"stream":"<streamName>","data":<rawPayload>}.
export const COMBINED_ENVELOPE_KEYS = ['stream', 'data'];

// web-socket-streams.md, "Subscribe to a stream" / "Unsubscribe to a stream" / "Setting Properties", Response.
export const SUBSCRIBE_RESPONSE = { result: null, id: 1 };
// web-socket-streams.md, "Listing Subscriptions", Response.
export const LIST_SUBSCRIPTIONS_RESPONSE = { result: ['btcusdt@aggTrade'], id: 3 };
// web-socket-streams.md, "Retrieving Properties", Response.
export const GET_PROPERTY_RESPONSE = { result: true, id: 2 };

// web-socket-streams.md, "Error Messages" table: the code and msg of each error
// (on the wire they arrive as {"error":{"code":...,"msg":...},"id":...}).
export const STREAM_ERRORS = {
  unknownProperty: { code: 0, msg: 'Unknown property' },
  expectedBoolean: { code: 1, msg: 'Invalid value type: expected Boolean' },
  propertyNameNotString: { code: 2, msg: 'Invalid request: property name must be a string' },
  invalidId: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' },
  unknownMethod: {
    code: 2,
    msg: 'Invalid request: unknown variant %s, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28',
  },
  tooManyParameters: { code: 2, msg: 'Invalid request: too many parameters' },
  missingMethod: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 73' },
  invalidJson: { code: 3, msg: 'Invalid JSON: expected value at line %s column %s' },
};

// rest-api.md, "Test connectivity", Response.
export const PING_RESPONSE = {};

// rest-api.md, "Check server time", Response.
export const TIME_RESPONSE = { serverTime: 1499827319559 };

// rest-api.md, "Error Codes", sample payload.
export const REST_ERROR = { code: -1121, msg: 'Invalid symbol.' };

// rest-api.md, "Compressed/Aggregate trades list", Response.
export const AGG_TRADES_RESPONSE = [{ a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true, M: true }];

// rest-api.md, "Kline/Candlestick data", Response.
export const KLINES_RESPONSE = [
  [1499040000000, '0.01634790', '0.80000000', '0.01575800', '0.01577100', '148976.11427815', 1499644799999, '2434.19055334', 308, '1756.87402397', '28.46694368', '0'],
];

// rest-api.md, "Exchange information", Response (the optional "sors" omitted: "Present only when SOR is available").
export const EXCHANGE_INFO_RESPONSE = {
  timezone: 'UTC',
  serverTime: 1565246363776,
  rateLimits: [
    // enums.md, "Rate limiters (rateLimitType)", REQUEST_WEIGHT.
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  ],
  exchangeFilters: [],
  symbols: [
    {
      symbol: 'ETHBTC',
      status: 'TRADING',
      baseAsset: 'ETH',
      baseAssetPrecision: 8,
      quoteAsset: 'BTC',
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      otoAllowed: true,
      opoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: false,
      cancelReplaceAllowed: false,
      amendAllowed: false,
      pegInstructionsAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: true,
      filters: [],
      permissions: [],
      permissionSets: [['SPOT', 'MARGIN']],
      defaultSelfTradePreventionMode: 'NONE',
      allowedSelfTradePreventionModes: ['NONE'],
    },
  ],
};

// filters.md, "/exchangeInfo format" of each symbol filter, by filterType.
export const SYMBOL_FILTERS: Readonly<Record<string, object>> = {
  PRICE_FILTER: { filterType: 'PRICE_FILTER', minPrice: '0.00000100', maxPrice: '100000.00000000', tickSize: '0.00000100' },
  LOT_SIZE: { filterType: 'LOT_SIZE', minQty: '0.00100000', maxQty: '100000.00000000', stepSize: '0.00100000' },
  ICEBERG_PARTS: { filterType: 'ICEBERG_PARTS', limit: 10 },
  MARKET_LOT_SIZE: { filterType: 'MARKET_LOT_SIZE', minQty: '0.00100000', maxQty: '100000.00000000', stepSize: '0.00100000' },
  TRAILING_DELTA: { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
  PERCENT_PRICE_BY_SIDE: {
    filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '1.2', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.8', avgPriceMins: 1,
  },
  NOTIONAL: {
    filterType: 'NOTIONAL', minNotional: '10.00000000', applyMinToMarket: false, maxNotional: '10000.00000000', applyMaxToMarket: false, avgPriceMins: 5,
  },
  MAX_NUM_ORDERS: { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 25 },
  MAX_NUM_ALGO_ORDERS: { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
};
