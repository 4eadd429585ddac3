// Errors that name the request field at fault, so a client can fix its
// request from the message alone: `interval: "7x" is not a Binance interval
// (1s 1m ... 1M)`. They are WickErrors with code invalid_argument (or
// not_found), which errorInterceptor sends to the client as they are.
import { WickError } from '../errors/index.js';

/** A received value quoted for a message, cut short so a huge value cannot flood a response or a log. */
export function quoteInput(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}

/** INVALID_ARGUMENT: `<field>: <problem>`. */
export function invalidField(field: string, problem: string): WickError {
  return new WickError('invalid_argument', `${field}: ${problem}`);
}

/** NOT_FOUND for something the request names that does not exist. */
export function notFound(message: string): WickError {
  return new WickError('not_found', message);
}
