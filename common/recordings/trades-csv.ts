// data.binance.vision trades CSV:
//   id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]
// Spot files have seven columns, USD-M futures files drop is_best_match. A
// raw trade is its own aggregate: first = last = aggregate id = id.
import { CsvRow } from './csv-row.js';
import { RowError } from './errors.js';
import type { RecordedTrade } from './recorded-trade.js';
import type { RowParser } from './row-parser.js';

export const TRADES_HEADER_FIRST_FIELD = 'id';

export class TradesCsvParser implements RowParser {
  private readonly row = new CsvRow();
  private sawRow = false;

  constructor(private readonly symbol: string) {}

  parse(text: string, line: number): RecordedTrade | undefined {
    const row = this.row;
    const fields = row.read(text);
    const isFirstRow = !this.sawRow;
    this.sawRow = true;
    if (isFirstRow && !row.isInteger(0)) {
      if (row.raw(0) === TRADES_HEADER_FIRST_FIELD) return undefined;
      throw new RowError(`expected a trades header (${TRADES_HEADER_FIRST_FIELD},...) or a row, got ${JSON.stringify(row.raw(0))}`);
    }
    if (fields !== 6 && fields !== 7) throw new RowError(`expected 6 or 7 trades fields, got ${fields}`);
    // Validated in column order, so the first bad column is the one reported.
    const id = row.integer(0, 'id');
    const price = row.decimal(1, 'price');
    const quantity = row.decimal(2, 'qty');
    row.decimal(3, 'quote_qty');
    const time = row.timestamp(4, 'time');
    const buyerIsMaker = row.boolean(5, 'is_buyer_maker');
    if (fields === 7) row.boolean(6, 'is_best_match');
    return { symbol: this.symbol, aggregateId: id, firstTradeId: id, lastTradeId: id, price, quantity, time, buyerIsMaker, line };
  }
}
