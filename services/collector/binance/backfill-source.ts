// REST pages for the backfiller: GET /api/v3/aggTrades rows mapped and
// encoded like stream frames; unusable rows are dead-lettered and their ids
// reported, so the sequencer skips them instead of waiting for them.
import type { BackfillPage, BackfillSource } from '../sequencing/backfiller.js';
import type { SequencedTrade } from '../sequencing/sequenced-trade.js';
import { encodeBinanceTrade, parseRestAggTrade, type Rejected } from './aggtrade-mapper.js';
import { AGG_TRADES_PAGE_LIMIT } from './limits.js';
import type { BinanceRest } from './rest-client.js';

/** Receives an unusable row: its JSON text, why, and the symbol it was fetched for. */
export type RejectedRow = (raw: Uint8Array, rejection: Rejected, symbol: string, receivedAt: number) => void;

export class BinanceBackfillSource implements BackfillSource {
  constructor(
    private readonly rest: BinanceRest,
    private readonly rejected: RejectedRow,
  ) {}

  async page(symbol: string, fromId: number, signal: AbortSignal): Promise<BackfillPage> {
    const rows = await this.rest.aggTrades(symbol, fromId, signal);
    const receivedAt = Date.now();
    const trades: SequencedTrade[] = [];
    const rejectedIds = new Set<number>();
    for (const row of rows) {
      const trade = parseRestAggTrade(symbol, row);
      if ('kind' in trade) {
        this.reject(row, trade, symbol, receivedAt, rejectedIds);
        continue;
      }
      const payload = encodeBinanceTrade(trade, receivedAt);
      if (!(payload instanceof Uint8Array)) {
        this.reject(row, payload, symbol, receivedAt, rejectedIds);
        continue;
      }
      trades.push({ id: trade.aggregateId, symbol, tradeTime: trade.time, receivedAt, payload, source: 'rest' });
    }
    // Binance answers in ascending order; a page that is not must not stall the sequencer.
    if (!isAscending(trades)) trades.sort((a, b) => a.id - b.id);
    return { trades, rejectedIds, full: rows.length >= AGG_TRADES_PAGE_LIMIT };
  }

  private reject(row: unknown, rejection: Rejected, symbol: string, receivedAt: number, rejectedIds: Set<number>): void {
    this.rejected(Buffer.from(JSON.stringify(row) ?? String(row)), rejection, symbol, receivedAt);
    const id = typeof row === 'object' && row !== null ? (row as { a?: unknown }).a : undefined;
    if (typeof id === 'number' && Number.isSafeInteger(id)) rejectedIds.add(id);
  }
}

function isAscending(trades: readonly SequencedTrade[]): boolean {
  for (let index = 1; index < trades.length; index += 1) {
    if ((trades[index] as SequencedTrade).id <= (trades[index - 1] as SequencedTrade).id) return false;
  }
  return true;
}
