// Dead letters of the preprocessor: the trade message's raw bytes under its
// own key, with headers saying why and where it came from, so an operator
// reads the reason without a decoder and can replay the bytes after a fix.
// The header names are shared (common/bus/dead-letter-headers.ts), so one
// reader handles every dead letter of wick.trades.v1.dlq; the preprocessor
// adds where in Kafka the message was. Its received-at is the original
// message's Kafka timestamp.
import { deadLetterHeaders, type Headers, type OutgoingMessage } from '../../../common/bus/index.js';
import type { DeadLetter } from '../processing/trade-decoder.js';

export { DLQ_HEADERS } from '../../../common/bus/index.js';

export function deadLetterMessages(letters: readonly DeadLetter[]): OutgoingMessage[] {
  return letters.map((letter) => ({ key: letter.message.key, value: letter.message.value, headers: headersOf(letter) }));
}

function headersOf(letter: DeadLetter): Headers {
  const { message } = letter;
  return deadLetterHeaders({
    reason: letter.reason,
    detail: letter.detail,
    source: 'preprocessor',
    receivedAt: message.timestamp,
    origin: `${message.topic}[${message.partition}]@${message.offset}`,
  });
}
