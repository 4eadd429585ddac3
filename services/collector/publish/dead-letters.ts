// Frames and REST rows the collector cannot use go to the dead-letter topic
// (wick.trades.v1.dlq) as they arrived: the value is the raw bytes, the
// headers say why, so an operator can read the reason without a decoder
// and replay the bytes after a fix. Counted by reason; a failed DLQ write is
// logged and counted but never stops the trade stream.
import type { Logger } from 'pino';
import { deadLetterHeaders, type BusProducer, type Headers } from '../../../common/bus/index.js';

/** Header names of a dead letter, shared with every service (common/bus/dead-letter-headers.ts). */
export { DLQ_HEADERS } from '../../../common/bus/index.js';

export interface DeadLetter {
  readonly reason: string;
  readonly detail: string;
  readonly source: 'binance-ws' | 'binance-rest';
  /** The Kafka key: `binance:SYMBOL`, or `binance` when the bytes name no symbol. */
  readonly key: string;
  readonly raw: Uint8Array;
  readonly receivedAt: number;
}

export interface DeadLetterMetrics {
  deadLetter(reason: string): void;
  deadLetterWriteFailed(): void;
}

export class DeadLetters {
  constructor(
    private readonly topic: string,
    private readonly producer: () => BusProducer | undefined,
    private readonly metrics: DeadLetterMetrics,
    private readonly logger: Logger,
  ) {}

  /** Counts and logs the letter at once and writes it in the background. */
  send(letter: DeadLetter): void {
    this.metrics.deadLetter(letter.reason);
    this.logger.warn({ reason: letter.reason, detail: letter.detail, source: letter.source, key: letter.key, bytes: letter.raw.byteLength }, 'dead-lettered a frame');
    const producer = this.producer();
    if (producer === undefined) {
      this.lost(letter, new Error('no Kafka producer (reconnecting)'));
      return;
    }
    producer.send(this.topic, [{ key: letter.key, value: letter.raw, headers: headersOf(letter) }]).catch((error: unknown) => this.lost(letter, error));
  }

  private lost(letter: DeadLetter, error: unknown): void {
    this.metrics.deadLetterWriteFailed();
    this.logger.error({ err: error, reason: letter.reason, key: letter.key }, 'could not write a dead letter');
  }
}

function headersOf(letter: DeadLetter): Headers {
  return deadLetterHeaders({ reason: letter.reason, detail: letter.detail, source: letter.source, receivedAt: letter.receivedAt });
}
