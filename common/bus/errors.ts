// Errors the bus raises itself, with a closed list of codes so callers can
// react to the kind of failure rather than parse messages. Failures of
// kafkajs (a broker that cannot be reached, ...) keep their own errors.

export type BusErrorCode =
  /** The topic does not exist (topics are created explicitly, never on first use). */
  | 'unknown-topic'
  /** createTopics found the topic with another partition count. */
  | 'topic-mismatch'
  /** commit() or seek() for a partition this member does not own (any more). */
  | 'not-owned'
  /** The group rebalanced before the commit reached it; the next owner resumes from the last accepted commit. */
  | 'rebalanced'
  /** The bus, producer or consumer is closed, or run() was called twice. */
  | 'closed'
  /** A bad argument: a partition count, offset, batch size or topic config. */
  | 'invalid-argument';

export class BusError extends Error {
  override readonly name = 'BusError';

  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isBusError = (error: unknown, code?: BusErrorCode): error is BusError =>
  error instanceof BusError && (code === undefined || error.code === code);
