// Errors of the Kafka serde. A consumer that gets one knows the payload is
// bad (not the code), so it can route the message to the dead-letter topic
// with this error's one-line reason instead of crashing.

export type SerdeErrorCode =
  /** The bytes are not a protobuf message of the expected type. */
  | 'malformed-bytes'
  /** The message decoded but a field holds an impossible value. */
  | 'invalid-field';

export class SerdeError extends Error {
  override readonly name = 'SerdeError';

  constructor(
    readonly code: SerdeErrorCode,
    /** Fully qualified protobuf type, e.g. "wick.v1.Trade". */
    readonly messageType: string,
    /** Protobuf field name (snake_case), or "" when the whole payload is bad. */
    readonly field: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${field ? `${messageType}.${field}` : messageType}: ${reason}`, options);
  }
}

/** Quotes a received value for an error message, cut short so a huge payload cannot flood logs. */
export function quoteValue(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  return JSON.stringify(shown);
}
