// A minimal gRPC client for the analytics benchmarks: plain node:http2 and a
// protobuf field scan that reads only what a benchmark needs (the kind of
// event and the candle's update_time; for unary calls, nothing). A full
// client (connect-es) decoding every field of 50,000 messages a second would
// use more CPU than the server under test; this keeps the client side of the
// machine cheap so the server's figures are its own.
import type { ClientHttp2Session, ClientHttp2Stream } from 'node:http2';

export const STREAM_PATH = '/wick.v1.CandleService/StreamCandles';

export type StreamEvent = { readonly kind: 'candle'; readonly updateTime: number } | { readonly kind: 'history-complete' | 'heartbeat' | 'other' };

export interface StreamHandlers {
  onEvent(event: StreamEvent): void;
  onEnd(status: string, message: string): void;
}

/**
 * The streaming protocols the benchmark speaks: gRPC (served by the fast
 * path, common/rpc/grpc-fast-path.ts) and Connect's streaming protocol with
 * binary messages (served through connect-node, as browsers using Connect
 * are). Both frame messages the same way (flags byte, 4-byte length); Connect
 * ends with a flagged end-of-stream message instead of trailers.
 */
export type StreamProtocol = 'grpc' | 'connect';

const CONNECT_END_STREAM = 0x02;

/** Starts one StreamCandles call with an already encoded request message. */
export function openStream(session: ClientHttp2Session, request: Uint8Array, handlers: StreamHandlers, protocol: StreamProtocol = 'grpc'): ClientHttp2Stream {
  const headers = protocol === 'grpc'
    ? { ':method': 'POST', ':path': STREAM_PATH, 'content-type': 'application/grpc', te: 'trailers' }
    : { ':method': 'POST', ':path': STREAM_PATH, 'content-type': 'application/connect+proto', 'connect-protocol-version': '1' };
  const stream = session.request(headers);
  const frame = Buffer.alloc(5 + request.length);
  frame.writeUInt32BE(request.length, 1);
  frame.set(request, 5);
  stream.end(frame);
  let status = 'unknown';
  let message = '';
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (pending.length - offset >= 5) {
      const length = pending.readUInt32BE(offset + 1);
      if (pending.length - offset - 5 < length) break;
      if (((pending[offset] as number) & CONNECT_END_STREAM) !== 0) {
        [status, message] = connectEnd(pending.subarray(offset + 5, offset + 5 + length));
      } else {
        handlers.onEvent(scanEvent(pending, offset + 5, offset + 5 + length));
      }
      offset += 5 + length;
    }
    pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
  });
  stream.on('response', (response) => {
    if (protocol === 'connect' && response[':status'] !== 200) status = `http ${response[':status']}`;
  });
  stream.on('trailers', (trailers) => {
    status = String(trailers['grpc-status'] ?? 'unknown');
    message = decodeURIComponent(String(trailers['grpc-message'] ?? ''));
  });
  stream.on('error', (error: Error) => (message = error.message));
  stream.on('close', () => handlers.onEnd(status, message));
  return stream;
}

/** A Connect end-of-stream message: its error's code and message, or 0 (ok). */
function connectEnd(json: Buffer): [string, string] {
  const end = JSON.parse(json.toString('utf8')) as { error?: { code?: string; message?: string } };
  return end.error === undefined ? ['0', ''] : [end.error.code ?? 'unknown', end.error.message ?? ''];
}

/** StreamCandlesResponse: 1 candle_update { 3 candle { 19 update_time } }, 2 history_complete, 3 heartbeat. */
function scanEvent(bytes: Buffer, start: number, end: number): StreamEvent {
  const [field, inner] = lengthDelimited(bytes, start, end, 0) ?? [0, undefined];
  if (field === 2) return { kind: 'history-complete' };
  if (field === 3) return { kind: 'heartbeat' };
  if (field !== 1 || inner === undefined) return { kind: 'other' };
  const candle = lengthDelimited(bytes, inner[0], inner[1], 3);
  if (candle === undefined) return { kind: 'other' };
  const updateTime = varintField(bytes, candle[1][0], candle[1][1], 19);
  return updateTime === undefined ? { kind: 'other' } : { kind: 'candle', updateTime };
}

/** The first length-delimited field (`wanted`, or any when 0): its number and byte range. */
function lengthDelimited(bytes: Buffer, start: number, end: number, wanted: number): [number, [number, number]] | undefined {
  let offset = start;
  while (offset < end) {
    const [tag, afterTag] = varint(bytes, offset);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 2) {
      const [length, afterLength] = varint(bytes, afterTag);
      if (wanted === 0 || field === wanted) return [field, [afterLength, afterLength + length]];
      offset = afterLength + length;
    } else {
      offset = skip(bytes, afterTag, wire);
    }
  }
  return undefined;
}

function varintField(bytes: Buffer, start: number, end: number, wanted: number): number | undefined {
  let offset = start;
  while (offset < end) {
    const [tag, afterTag] = varint(bytes, offset);
    const wire = tag % 8;
    if (wire === 0 && Math.floor(tag / 8) === wanted) return varint(bytes, afterTag)[0];
    if (wire === 2) {
      const [length, afterLength] = varint(bytes, afterTag);
      offset = afterLength + length;
    } else {
      offset = skip(bytes, afterTag, wire);
    }
  }
  return undefined;
}

function skip(bytes: Buffer, offset: number, wire: number): number {
  if (wire === 0) return varint(bytes, offset)[1];
  if (wire === 1) return offset + 8;
  if (wire === 5) return offset + 4;
  throw new Error(`unexpected protobuf wire type ${wire}`);
}

/** A varint as a number (exact below 2^53: times, counts) and the offset after it. */
function varint(bytes: Buffer, start: number): [number, number] {
  let value = 0;
  let scale = 1;
  let offset = start;
  for (;;) {
    const byte = bytes[offset++] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, offset];
    scale *= 128;
  }
}

export interface UnaryResult {
  readonly status: string;
  /** Bytes of the response body (gRPC frames), counted, not kept: the client adds no garbage of its own to the server's process. */
  readonly bodyBytes: number;
}

/** One unary call with an already encoded request; resolves when the whole response and its trailers arrived. */
export function unaryCall(session: ClientHttp2Session, path: string, request: Uint8Array): Promise<UnaryResult> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    const frame = Buffer.alloc(5 + request.length);
    frame.writeUInt32BE(request.length, 1);
    frame.set(request, 5);
    stream.end(frame);
    let bodyBytes = 0;
    let status = 'unknown';
    stream.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    stream.on('trailers', (trailers) => (status = String(trailers['grpc-status'] ?? 'unknown')));
    stream.on('error', reject);
    stream.on('close', () => resolve({ status, bodyBytes }));
  });
}
