// Turns node-postgres failures into StoreErrors whose message is one line a
// person can act on: where the store tried to connect and why it could not,
// or which statement failed with PostgreSQL's own words. Passwords never
// appear: the target is described by host, port and database only.
import { StoreError } from '../errors.js';

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

// SQLSTATEs that mean "this connection cannot be used": connection
// exceptions, authentication, a missing database, a server shutting down.
const CONNECTION_STATES = /^(08...|28...|3D000|57P0[123])$/;
const DRIVER_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** `127.0.0.1:5432/test` from a postgres:// URL, never its password. */
export function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

export function isConnectionFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as DriverError;
  if (typeof code === 'string' && (code in NETWORK_REASONS || CONNECTION_STATES.test(code))) return true;
  return typeof message === 'string' && DRIVER_CONNECTION_MESSAGES.test(message);
}

export function toStoreError(error: unknown, target: string): StoreError {
  if (error instanceof StoreError) return error;
  if (isConnectionFailure(error)) {
    return new StoreError('UNREACHABLE', `cannot connect to PostgreSQL at ${target}: ${reason(error)}`, { cause: error });
  }
  const { code } = (error ?? {}) as DriverError;
  const state = typeof code === 'string' ? ` (SQLSTATE ${code})` : '';
  return new StoreError('QUERY_FAILED', `PostgreSQL at ${target}: ${reason(error)}${state}`, { cause: error });
}

function reason(error: unknown): string {
  const { code, message, errors } = (error ?? {}) as DriverError;
  if (typeof code === 'string' && code in NETWORK_REASONS) return NETWORK_REASONS[code] ?? code;
  if (typeof message === 'string' && message !== '') return message;
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  if (Array.isArray(errors) && errors.length > 0) return reason(errors[0]);
  return String(error);
}
