// Parses what a client sends on a stream connection into a command, or the
// error Binance answers with. Codes and messages are those of
// web-socket-streams.md ("Live Subscribing/Unsubscribing to streams" and its
// "Error Messages" table); on the wire Binance wraps them as
// {"error":{"code":2,"msg":"..."},"id":1}, as clients have logged it
// (e.g. `{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":2}`).
import { findJsonProblem, lineAndColumn } from './json-position.js';
import { parseStreamName } from './stream-names.js';

/**
 * The `id` of a request (a 64-bit signed integer, an alphanumeric string up
 * to 36 characters, or null) as the JSON text the reply echoes: kept as
 * written, since JSON.parse would round an integer past 2^53.
 */
export type RequestId = string;

const NULL_ID: RequestId = 'null';

export type Command =
  | { readonly method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly streams: readonly string[]; readonly id: RequestId }
  | { readonly method: 'LIST_SUBSCRIPTIONS'; readonly id: RequestId }
  | { readonly method: 'SET_PROPERTY'; readonly value: boolean; readonly id: RequestId }
  | { readonly method: 'GET_PROPERTY'; readonly id: RequestId };

export type ParsedRequest = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly reply: string };

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
type Method = (typeof METHODS)[number];
const METHOD_LIST = METHODS.map((method) => `\`${method}\``).join(', ');
const STRING_ID = /^[A-Za-z0-9_-]{1,36}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function resultReply(result: unknown, id: RequestId): string {
  return `{"result":${JSON.stringify(result)},"id":${id}}`;
}

export function errorReply(code: number, msg: string, id: RequestId): string {
  return `{"error":{"code":${code},"msg":${JSON.stringify(msg)}},"id":${id}}`;
}

export function parseRequest(text: string): ParsedRequest {
  const problem = findJsonProblem(text);
  if (problem !== undefined) {
    const { line, column } = lineAndColumn(text, problem);
    const what = problem.endOfInput ? 'EOF while parsing a value' : 'expected value';
    return fail(3, `Invalid JSON: ${what} at line ${line} column ${column}`, NULL_ID);
  }
  const document: unknown = JSON.parse(text);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return fail(2, `Invalid request: expected a map at ${position(text, 0)}`, NULL_ID);
  }
  const request = document as Record<string, unknown>;
  if (!('method' in request)) return fail(2, `Invalid request: missing field \`method\` at ${position(text, text.trimEnd().length - 1)}`, NULL_ID);
  const method = request.method;
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    return fail(2, `Invalid request: unknown variant \`${String(method)}\`, expected one of ${METHOD_LIST} at ${position(text, methodEnd(text))}`, NULL_ID);
  }
  const id = 'id' in request ? requestId(request.id, text) : undefined;
  if (id === undefined) return fail(2, 'Invalid request: request ID must be an unsigned integer', NULL_ID);
  return parseParams(method as Method, request.params, id);
}

function parseParams(method: Method, params: unknown, id: RequestId): ParsedRequest {
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list)) return fail(2, 'Invalid request: params must be an array', id);
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!list.every((stream) => typeof stream === 'string' && parseStreamName(stream) !== undefined)) {
        return fail(2, 'Invalid request: invalid stream', id);
      }
      return { ok: true, command: { method, streams: list as string[], id } };
    case 'LIST_SUBSCRIPTIONS':
      return list.length > 0 ? fail(2, 'Invalid request: too many parameters', id) : { ok: true, command: { method, id } };
    case 'SET_PROPERTY':
      return parseSetProperty(list, id);
    case 'GET_PROPERTY':
      if (list.length > 1) return fail(2, 'Invalid request: too many parameters', id);
      return checkProperty(list[0], id) ?? { ok: true, command: { method, id } };
  }
}

function parseSetProperty(list: readonly unknown[], id: RequestId): ParsedRequest {
  if (list.length > 2) return fail(2, 'Invalid request: too many parameters', id);
  const refused = checkProperty(list[0], id);
  if (refused !== undefined) return refused;
  const value = list[1];
  if (typeof value !== 'boolean') return fail(1, 'Invalid value type: expected Boolean', id);
  return { ok: true, command: { method: 'SET_PROPERTY', value, id } };
}

/** `combined` is the only property (web-socket-streams.md, "Setting Properties"). */
function checkProperty(name: unknown, id: RequestId): ParsedRequest | undefined {
  if (typeof name !== 'string') return fail(2, 'Invalid request: property name must be a string', id);
  return name === 'combined' ? undefined : fail(0, 'Unknown property', id);
}

/** The id's JSON text, or undefined when it is not an id Binance accepts. */
function requestId(id: unknown, text: string): RequestId | undefined {
  if (id === null) return NULL_ID;
  if (typeof id === 'string') return STRING_ID.test(id) ? JSON.stringify(id) : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id)) return undefined;
  // JSON.parse rounds integers past 2^53, so the digits are read as written.
  const written = /"id"\s*:\s*(-?\d+)\s*[,}]/.exec(text)?.[1];
  if (written === undefined) return Number.isSafeInteger(id) ? String(id) : undefined;
  const value = BigInt(written);
  return value >= INT64_MIN && value <= INT64_MAX ? value.toString() : undefined;
}

/** Offset of the closing quote of the method's value, where serde_json reports an unknown variant. */
function methodEnd(text: string): number {
  const match = /"method"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/.exec(text);
  if (match === null || match[1] === undefined) return 0;
  return match.index + match[0].length - 1;
}

function position(text: string, offset: number): string {
  const { line, column } = lineAndColumn(text, { offset: Math.max(0, offset), endOfInput: false });
  return `line ${line} column ${column}`;
}

function fail(code: number, msg: string, id: RequestId): ParsedRequest {
  return { ok: false, reply: errorReply(code, msg, id) };
}
