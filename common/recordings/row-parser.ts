import type { RecordedTrade } from './recorded-trade.js';

/**
 * Turns one line of a recording into a trade. Implementations are stateful
 * (a header may only open a file), so a reader creates one per file.
 */
export interface RowParser {
  /**
   * Parses a non-empty line. Returns undefined for a well-formed line that
   * carries no trade (a header, a kline frame, a filtered symbol) and throws
   * RowError for a malformed one.
   */
  parse(text: string, line: number): RecordedTrade | undefined;
}
