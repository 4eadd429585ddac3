// data.binance.vision aggTrades CSV:
//   agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]
// Spot files have all eight columns, USD-M futures files drop is_best_match;
// newer files open with a header row; transact_time is in microseconds in
// spot files from 2025-01-01 on.
import { CsvRow } from './csv-row.js';
import { RowError } from './errors.js';
import type { RecordedTrade } from './recorded-trade.js';
import type { RowParser } from './row-parser.js';

export const AGG_TRADES_HEADER_FIRST_FIELD = 'agg_trade_id';

export class AggTradesCsvParser implements RowParser {
  private readonly row = new CsvRow();
  private sawRow = false;

  constructor(private readonly symbol: string) {}

  parse(text: string, line: number): RecordedTrade | undefined {
    const row = this.row;
    const fields = row.read(text);
    const isFirstRow = !this.sawRow;
    this.sawRow = true;
    if (isFirstRow && !row.isInteger(0)) {
      if (row.raw(0) === AGG_TRADES_HEADER_FIRST_FIELD) return undefined;
      throw new RowError(`expected an aggTrades header (${AGG_TRADES_HEADER_FIRST_FIELD},...) or a row, got ${JSON.stringify(row.raw(0))}`);
    }
    if (fields !== 7 && fields !== 8) throw new RowError(`expected 7 or 8 aggTrades fields, got ${fields}`);
    // Validated in column order, so the first bad column is the one reported.
    const aggregateId = row.integer(0, 'agg_trade_id');
    const price = row.decimal(1, 'price');
    const quantity = row.decimal(2, 'quantity');
    const firstTradeId = row.integer(3, 'first_trade_id');
    const lastTradeId = row.integer(4, 'last_trade_id');
    if (lastTradeId < firstTradeId) {
      throw new RowError(`last_trade_id ${lastTradeId} is below first_trade_id ${firstTradeId}`);
    }
    const time = row.timestamp(5, 'transact_time');
    const buyerIsMaker = row.boolean(6, 'is_buyer_maker');
    if (fields === 8) row.boolean(7, 'is_best_match');
    return { symbol: this.symbol, aggregateId, firstTradeId, lastTradeId, price, quantity, time, buyerIsMaker, line };
  }
}
