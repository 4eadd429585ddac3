// Public API of wick's errors: the closed list of codes, WickError, and the
// mapping to Connect at the RPC edge.
export { WICK_ERROR_CODES, type WickErrorCode } from './codes.js';
export { isWickError, WickError, type WickErrorOptions } from './wick-error.js';
export { CONNECT_RULES, errorInterceptor, toConnectCode, toConnectError } from './connect.js';
