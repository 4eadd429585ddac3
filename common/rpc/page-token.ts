// Opaque page tokens. A token carries where the next page starts and a
// fingerprint of the request that produced it, so a token replayed with a
// different request (another symbol, range or bucket) is refused with
// INVALID_ARGUMENT instead of returning a page of something else. Tokens are
// not secret: they hold nothing a client could not ask for directly.
import { createHash } from 'node:crypto';
import { invalidField } from './field-error.js';

const MAX_TOKEN_LENGTH = 2_048;

interface Envelope<P> {
  readonly v: 1;
  /** Fingerprint of the request. */
  readonly f: string;
  readonly p: P;
}

/** A short digest of the request fields a token is bound to (not the page size, which may change between pages). */
export function requestFingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodePageToken<P>(fingerprint: string, position: P): string {
  const envelope: Envelope<P> = { v: 1, f: fingerprint, p: position };
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url');
}

/**
 * The position of a token made by encodePageToken with the same fingerprint;
 * `isPosition` checks its shape. Throws INVALID_ARGUMENT naming `field`.
 */
export function decodePageToken<P>(field: string, token: string, fingerprint: string, isPosition: (value: unknown) => value is P): P {
  const envelope = parse(token);
  if (envelope === undefined || !isPosition(envelope.p)) {
    throw invalidField(field, 'is malformed (pass next_page_token exactly as returned)');
  }
  if (envelope.f !== fingerprint) {
    throw invalidField(field, 'belongs to a different request (repeat the request that returned it, changing only the page size)');
  }
  return envelope.p;
}

function parse(token: string): Envelope<unknown> | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const envelope = value as Record<string, unknown>;
    if (envelope.v !== 1 || typeof envelope.f !== 'string' || !('p' in envelope)) return undefined;
    return envelope as unknown as Envelope<unknown>;
  } catch {
    return undefined;
  }
}

/** A safe integer (for positions that hold times or indexes). */
export function isSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
