// The invariants every wick.v1.Candle on Kafka satisfies: a known interval, a
// close time that fits it, well-formed decimals in a consistent order
// (low <= open, close <= high; taker volumes within totals), and trade ids
// that agree with the trade count. Checked on encode and on decode.
import { compareDecimals, isZeroDecimal } from './decimal.js';
import { FieldChecks, type Int64 } from './field-checks.js';
import { isIntervalName, possibleLengthsMs } from './interval-names.js';

export const CANDLE_TYPE = 'wick.v1.Candle';

/**
 * A wick.v1.Candle's fields: the protobuf message (int64 as bigint) is one,
 * and so are the numbers of a domain candle on its way to the wire.
 */
export interface CandleFields {
  readonly exchange: string;
  readonly symbol: string;
  readonly interval: string;
  readonly openTime: Int64;
  readonly closeTime: Int64;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly quoteVolume: string;
  readonly tradeCount: Int64;
  readonly takerBuyVolume: string;
  readonly takerBuyQuoteVolume: string;
  readonly firstTradeId: Int64;
  readonly lastTradeId: Int64;
  readonly closed: boolean;
  readonly revision: number;
  readonly updateTime: Int64;
}

// Annotated so TypeScript narrows after check.fail(), which never returns.
const check: FieldChecks = new FieldChecks(CANDLE_TYPE);

export function validateCandle(candle: CandleFields): void {
  check.exchange('exchange', candle.exchange);
  check.symbol('symbol', candle.symbol);
  checkTimes(candle);
  checkPrices(candle);
  checkVolumes(candle);
  checkTrades(candle);
  check.integer('update_time', candle.updateTime, 0);
}

function checkTimes(candle: CandleFields): void {
  const { interval } = candle;
  if (!isIntervalName(interval)) check.fail('interval', `${JSON.stringify(interval.slice(0, 40))} is not a Binance interval`);
  const open = check.integer('open_time', candle.openTime, 0);
  const close = check.integer('close_time', candle.closeTime, 0);
  if (!possibleLengthsMs(interval).includes(close - open + 1)) {
    check.fail('close_time', `${close} does not end a ${interval} interval opening at ${open}`);
  }
}

function checkPrices(candle: CandleFields): void {
  for (const [field, value] of [['open', candle.open], ['high', candle.high], ['low', candle.low], ['close', candle.close]] as const) {
    check.decimal(field, value);
  }
  if (compareDecimals(candle.low, candle.high) > 0) check.fail('low', `${candle.low} is above high ${candle.high}`);
  for (const [field, value] of [['open', candle.open], ['close', candle.close]] as const) {
    if (compareDecimals(value, candle.high) > 0) check.fail(field, `${value} is above high ${candle.high}`);
    if (compareDecimals(value, candle.low) < 0) check.fail(field, `${value} is below low ${candle.low}`);
  }
}

function checkVolumes(candle: CandleFields): void {
  check.decimal('volume', candle.volume);
  check.decimal('quote_volume', candle.quoteVolume);
  check.decimal('taker_buy_volume', candle.takerBuyVolume);
  check.decimal('taker_buy_quote_volume', candle.takerBuyQuoteVolume);
  if (compareDecimals(candle.takerBuyVolume, candle.volume) > 0) {
    check.fail('taker_buy_volume', `${candle.takerBuyVolume} exceeds volume ${candle.volume}`);
  }
  if (compareDecimals(candle.takerBuyQuoteVolume, candle.quoteVolume) > 0) {
    check.fail('taker_buy_quote_volume', `${candle.takerBuyQuoteVolume} exceeds quote_volume ${candle.quoteVolume}`);
  }
}

// No trade: ids are -1 and volume is zero (Binance's empty kline). Trades:
// ids are real and span at least trade_count distinct ids, and every trade
// has a positive quantity, so volume is positive.
function checkTrades(candle: CandleFields): void {
  const count = check.integer('trade_count', candle.tradeCount, 0);
  const first = check.integer('first_trade_id', candle.firstTradeId, -1);
  const last = check.integer('last_trade_id', candle.lastTradeId, -1);
  if (count === 0) {
    if (first !== -1) check.fail('first_trade_id', `${first} must be -1 when trade_count is 0`);
    if (last !== -1) check.fail('last_trade_id', `${last} must be -1 when trade_count is 0`);
    if (!isZeroDecimal(candle.volume)) check.fail('volume', `${candle.volume} must be zero when trade_count is 0`);
    if (!isZeroDecimal(candle.quoteVolume)) check.fail('quote_volume', `${candle.quoteVolume} must be zero when trade_count is 0`);
    return;
  }
  if (first < 0) check.fail('first_trade_id', `${first} must be a trade id when trade_count is ${count}`);
  if (first > last) check.fail('first_trade_id', `${first} is after last_trade_id ${last}`);
  if (count > last - first + 1) check.fail('trade_count', `${count} exceeds the ${last - first + 1} ids from first_trade_id to last_trade_id`);
  if (isZeroDecimal(candle.volume)) check.fail('volume', `must be greater than zero when trade_count is ${count}`);
}
