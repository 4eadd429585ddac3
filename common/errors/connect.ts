// The RPC edge: every failure leaves a Connect handler as a ConnectError with
// the status its code calls for. The cause stays on the ConnectError for the
// server's logs; Connect never serialises it, and server-side codes get a
// generic message so internals (hosts, SQL, stack traces) never reach a client.
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import type { Logger } from 'pino';
import type { WickErrorCode } from './codes.js';
import { WickError } from './wick-error.js';

interface EdgeRule {
  readonly code: Code;
  /** The message shown to clients; undefined means the WickError's own message is meant for them. */
  readonly publicMessage?: string;
}

export const CONNECT_RULES: Readonly<Record<WickErrorCode, EdgeRule>> = {
  invalid_argument: { code: Code.InvalidArgument },
  malformed_data: { code: Code.Internal, publicMessage: 'internal error' },
  not_found: { code: Code.NotFound },
  already_exists: { code: Code.AlreadyExists },
  failed_precondition: { code: Code.FailedPrecondition },
  conflict: { code: Code.Aborted },
  unauthenticated: { code: Code.Unauthenticated },
  permission_denied: { code: Code.PermissionDenied },
  rate_limited: { code: Code.ResourceExhausted },
  unimplemented: { code: Code.Unimplemented },
  unavailable: { code: Code.Unavailable, publicMessage: 'service temporarily unavailable' },
  timeout: { code: Code.DeadlineExceeded, publicMessage: 'deadline exceeded' },
  cancelled: { code: Code.Canceled, publicMessage: 'request cancelled' },
  internal: { code: Code.Internal, publicMessage: 'internal error' },
};

export function toConnectCode(code: WickErrorCode): Code {
  return CONNECT_RULES[code].code;
}

/** Maps any thrown value to what the client receives; the original is kept as `cause`. */
export function toConnectError(error: unknown): ConnectError {
  // Already shaped by a handler on purpose (e.g. with error details).
  if (error instanceof ConnectError) return error;
  if (error instanceof WickError) {
    const rule = CONNECT_RULES[error.code];
    return new ConnectError(rule.publicMessage ?? error.message, rule.code, undefined, undefined, error);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ConnectError(CONNECT_RULES.cancelled.publicMessage ?? '', Code.Canceled, undefined, undefined, error);
  }
  return new ConnectError('internal error', Code.Internal, undefined, undefined, error);
}

const SERVER_FAULTS: ReadonlySet<Code> = new Set([Code.Internal, Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.DataLoss]);

/**
 * A server interceptor that maps every handler failure through
 * toConnectError and logs it with its cause: server faults at error level,
 * client mistakes at info level (they are the client's to fix).
 */
export function errorInterceptor(logger: Logger): Interceptor {
  return (next) => async (request) => {
    const rpc = `${request.service.typeName}/${request.method.name}`;
    const fail = (error: unknown): never => {
      const mapped = toConnectError(error);
      const level = SERVER_FAULTS.has(mapped.code) ? 'error' : 'info';
      logger[level]({ err: mapped.cause ?? mapped, rpc, code: Code[mapped.code] }, 'rpc failed');
      throw mapped;
    };
    try {
      const response = await next(request);
      if (!response.stream) return response;
      return { ...response, message: mapStreamErrors(response.message, fail) };
    } catch (error) {
      return fail(error);
    }
  };
}

/** Server streams fail while being iterated, after the handler returned. */
async function* mapStreamErrors<T>(messages: AsyncIterable<T>, fail: (error: unknown) => never): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (error) {
    fail(error);
  }
}
