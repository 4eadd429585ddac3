// A trade as the candle engine sees it. An aggregate trade (Binance aggTrade)
// covers the raw trades firstTradeId..lastTradeId at one price; a raw trade
// has firstTradeId === lastTradeId. Prices and quantities stay decimal
// strings, exactly as the exchange sent them: the engine parses them into
// its own exact representation, so no float ever touches them.
export interface Trade {
  /** Exchange symbol, upper case as Binance writes it (BTCUSDT). */
  readonly symbol: string;
  /**
   * Aggregate trade id (Binance `a`); equals firstTradeId for a raw trade.
   * The engine identifies trades by firstTradeId..lastTradeId (dedupe, open
   * and close), which aggTrades and raw trades share; this id is for the
   * caller's bookkeeping.
   */
  readonly aggregateId: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  /** Decimal string, e.g. "0.00102300". */
  readonly price: string;
  /** Decimal string, e.g. "12.5". */
  readonly quantity: string;
  /** Trade time in milliseconds since the Unix epoch (UTC). */
  readonly time: number;
  /** True when the buyer was the maker, i.e. the taker sold. */
  readonly buyerIsMaker: boolean;
}
