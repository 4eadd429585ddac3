// The wire protocols the fast path (grpc-fast-path.ts) serves itself, all
// with binary protobuf messages in the same envelope (a flags byte, a
// big-endian length, the message):
// - gRPC: HTTP/2 only; the status goes in HTTP trailers.
// - gRPC-Web (binary, not the base64 "text" form): HTTP/1.1 or HTTP/2; the
//   status goes in a last envelope flagged 0x80 holding trailer lines.
// - Connect's streaming protocol: HTTP/1.1 or HTTP/2, server-streaming
//   methods only (a unary Connect call has no envelopes); the stream ends
//   with an envelope flagged 0x02 holding a JSON EndStreamResponse.
// Browsers speak the last two, so a chart in a browser gets the same
// fan-out as a gRPC bot. Compressed requests, JSON and anything unexpected
// go to Connect, which answers them (with an error where due).
import type { OutgoingHttpHeaders } from 'node:http';
import type { Code } from '@connectrpc/connect';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import type { HttpRequest } from '../http/index.js';

export type FastProtocolName = 'grpc' | 'grpc-web' | 'connect';

/** A call's final status: OK, or a code and the message the client may see. */
export type CallStatus = { readonly code: Code; readonly message: string } | undefined;

export interface FastProtocol {
  readonly name: FastProtocolName;
  /** Response headers of a successful start. */
  readonly responseHeaders: OutgoingHttpHeaders;
  /** The call's deadline from its request headers, in ms; undefined when none is set (or it is malformed). */
  timeoutMs(request: HttpRequest): number | undefined;
  /**
   * How the call ends: trailers (gRPC) or a last envelope written into the
   * body (gRPC-Web, Connect).
   */
  end(status: CallStatus): { readonly trailers?: Record<string, string>; readonly body?: Uint8Array };
}

const GRPC_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/grpc', 'application/grpc+proto']);
const GRPC_WEB_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/grpc-web', 'application/grpc-web+proto']);
const CONNECT_STREAM_CONTENT_TYPE = 'application/connect+proto';

const GRPC_WEB_TRAILERS_FLAG = 0x80;
const CONNECT_END_STREAM_FLAG = 0x02;

/** The protocol of a request the fast path can serve itself, or undefined (Connect serves it). */
export function fastProtocolOf(request: HttpRequest, serverStreaming: boolean): FastProtocol | undefined {
  if (request.method !== 'POST') return undefined;
  const contentType = request.headers['content-type'];
  if (contentType === undefined) return undefined;
  if (GRPC_CONTENT_TYPES.has(contentType)) {
    return 'stream' in request && isIdentity(request.headers['grpc-encoding']) ? GRPC : undefined;
  }
  if (GRPC_WEB_CONTENT_TYPES.has(contentType)) return isIdentity(request.headers['grpc-encoding']) ? GRPC_WEB : undefined;
  if (contentType === CONNECT_STREAM_CONTENT_TYPE && serverStreaming) {
    const version = request.headers['connect-protocol-version'];
    return isIdentity(request.headers['connect-content-encoding']) && (version === undefined || version === '1') ? CONNECT : undefined;
  }
  return undefined;
}

function isIdentity(encoding: string | string[] | undefined): boolean {
  return encoding === undefined || encoding === 'identity';
}

const GRPC: FastProtocol = {
  name: 'grpc',
  responseHeaders: { 'content-type': 'application/grpc' },
  timeoutMs: (request) => grpcTimeoutMs(request.headers['grpc-timeout']),
  end: (status) => ({ trailers: grpcStatusFields(status) }),
};

const GRPC_WEB: FastProtocol = {
  name: 'grpc-web',
  responseHeaders: { 'content-type': 'application/grpc-web+proto' },
  timeoutMs: (request) => grpcTimeoutMs(request.headers['grpc-timeout']),
  end: (status) => {
    const lines = Object.entries(grpcStatusFields(status)).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    return { body: envelope(GRPC_WEB_TRAILERS_FLAG, Buffer.from(lines, 'latin1')) };
  },
};

const CONNECT: FastProtocol = {
  name: 'connect',
  responseHeaders: { 'content-type': CONNECT_STREAM_CONTENT_TYPE },
  timeoutMs: (request) => connectTimeoutMs(request.headers['connect-timeout-ms']),
  end: (status) => {
    const endStream = status === undefined ? {} : { error: { code: codeToString(status.code), message: status.message } };
    return { body: envelope(CONNECT_END_STREAM_FLAG, Buffer.from(JSON.stringify(endStream), 'utf8')) };
  },
};

function grpcStatusFields(status: CallStatus): Record<string, string> {
  return status === undefined ? { 'grpc-status': '0' } : { 'grpc-status': String(status.code), 'grpc-message': percentEncode(status.message) };
}

function envelope(flags: number, payload: Uint8Array): Uint8Array {
  const bytes = Buffer.allocUnsafe(5 + payload.length);
  bytes[0] = flags;
  bytes.writeUInt32BE(payload.length, 1);
  bytes.set(payload, 5);
  return bytes;
}

/** gRPC's grpc-timeout: up to 8 digits and a unit H M S m u n. */
function grpcTimeoutMs(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^(\d{1,8})([HMSmun])$/.exec(header);
  if (match === null) return undefined;
  const unitMs: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 0.001, n: 0.000001 };
  return Math.max(1, Math.ceil(Number(match[1]) * (unitMs[match[2] as string] as number)));
}

/** Connect's connect-timeout-ms: up to 10 digits of milliseconds. */
function connectTimeoutMs(header: string | string[] | undefined): number | undefined {
  if (typeof header !== 'string' || !/^\d{1,10}$/.test(header)) return undefined;
  return Math.max(1, Number(header));
}

/** gRPC percent-encodes grpc-message: everything outside printable ASCII, and %. */
function percentEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => (byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
