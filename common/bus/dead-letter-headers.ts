// The headers of a dead letter. Every service that dead-letters a message
// (the collector for frames and REST rows, the preprocessor for trade
// messages) writes the same names, so one reader (an operator's tool, a
// replay job) understands every dead letter of a topic such as
// wick.trades.v1.dlq. The value is always the original bytes unchanged.
import type { Headers } from './bus.js';

export const DLQ_HEADERS = {
  /** The reason label (e.g. malformed-json, invalid-field, undecodable). */
  reason: 'wick-dlq-reason',
  /** One bounded line saying exactly what is wrong. */
  detail: 'wick-dlq-detail',
  /** Who rejected it: binance-ws, binance-rest, preprocessor. */
  source: 'wick-dlq-source',
  /** When the bytes were received, or the original message's Kafka timestamp (ms since the epoch). */
  receivedAt: 'wick-dlq-received-at',
  /** topic[partition]@offset of the original message, when it came from the bus. */
  origin: 'wick-dlq-origin',
} as const;

export interface DeadLetterHeaderValues {
  readonly reason: string;
  readonly detail: string;
  readonly source: string;
  readonly receivedAt: number;
  readonly origin?: string;
}

/** A detail header stays one bounded line, whatever the input held. */
export const MAX_DLQ_DETAIL_LENGTH = 500;

export function deadLetterHeaders(values: DeadLetterHeaderValues): Headers {
  const detail = values.detail.replace(/\s+/g, ' ');
  const headers: Record<string, string> = {
    [DLQ_HEADERS.reason]: values.reason,
    [DLQ_HEADERS.detail]: detail.length > MAX_DLQ_DETAIL_LENGTH ? `${detail.slice(0, MAX_DLQ_DETAIL_LENGTH - 3)}...` : detail,
    [DLQ_HEADERS.source]: values.source,
    [DLQ_HEADERS.receivedAt]: String(values.receivedAt),
  };
  if (values.origin !== undefined) headers[DLQ_HEADERS.origin] = values.origin;
  return headers;
}
