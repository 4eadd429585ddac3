// Dead letters of the preprocessor: the trade message's raw bytes under its
// own key, with headers saying why and where it came from, so an operator
// reads the reason without a decoder and can replay the bytes after a fix.
// The header names are the collector's (services/collector/README.md), so
// one reader handles every dead letter of wick.trades.v1.dlq; the
// preprocessor adds where in Kafka the message was. Its received-at is the
// original message's Kafka timestamp.
import type { Headers, OutgoingMessage } from '../../../common/bus/index.js';
// Both services write the same topic, so these names belong in common/; they live in the collector for now.
import { DLQ_HEADERS as SHARED_DLQ_HEADERS } from '../../collector/publish/dead-letters.js';
import type { DeadLetter } from '../processing/trade-decoder.js';

export const DLQ_HEADERS = {
  ...SHARED_DLQ_HEADERS,
  /** topic[partition]@offset of the original message. */
  origin: 'wick-dlq-origin',
} as const;

const MAX_DETAIL_LENGTH = 500;

export function deadLetterMessages(letters: readonly DeadLetter[]): OutgoingMessage[] {
  return letters.map((letter) => ({ key: letter.message.key, value: letter.message.value, headers: headersOf(letter) }));
}

function headersOf(letter: DeadLetter): Headers {
  const { message } = letter;
  const detail = letter.detail.replace(/\s+/g, ' ');
  return {
    [DLQ_HEADERS.reason]: letter.reason,
    [DLQ_HEADERS.detail]: detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 3)}...` : detail,
    [DLQ_HEADERS.source]: 'preprocessor',
    [DLQ_HEADERS.origin]: `${message.topic}[${message.partition}]@${message.offset}`,
    [DLQ_HEADERS.receivedAt]: String(message.timestamp),
  };
}
