// The closed list of error codes wick raises. A code says what kind of
// failure it is and therefore how the edge answers: the RPC status, and
// whether the message was written for the client or stays in the logs.

export const WICK_ERROR_CODES = [
  /** A request or input value is malformed: a bad symbol, interval or time range. */
  'invalid_argument',
  /** Data from outside (exchange message, Kafka record, file row) cannot be decoded or violates its contract. */
  'malformed_data',
  /** The requested thing does not exist: an unknown symbol, user or API key. */
  'not_found',
  /** Creating something that exists already. */
  'already_exists',
  /** The system is not in the state the operation needs, e.g. a range outside retention. */
  'failed_precondition',
  /** A concurrent change won; the caller may retry from fresh state. */
  'conflict',
  /** No valid credentials. */
  'unauthenticated',
  /** Valid credentials without the right to do this. */
  'permission_denied',
  /** Too many requests or too large a request. */
  'rate_limited',
  /** The operation exists in the API but not (yet) in this server. */
  'unimplemented',
  /** A dependency (Kafka, Redis, PostgreSQL, the exchange) cannot be reached right now; retrying may help. */
  'unavailable',
  /** A deadline passed before the operation finished. */
  'timeout',
  /** The caller or a shutdown cancelled the operation. */
  'cancelled',
  /** A bug or an invariant broken: nothing the caller can fix. */
  'internal',
] as const;

export type WickErrorCode = (typeof WICK_ERROR_CODES)[number];
