// Protobuf wire-format helpers for sending bytes encoded once instead of a
// message object protobuf-es walks field by field on every send.
//
// protobuf-es writes a message's unknown fields ($unknown) verbatim after its
// known ones, so a message object whose fields are unset and whose $unknown
// holds encoded field records serialises to exactly those bytes. A live
// candle fanned out to thousands of streams is encoded once (it arrives from
// Kafka already encoded); each stream adds only its few header bytes. Only
// the binary formats see unknown fields: for JSON (Connect JSON,
// gRPC-Web JSON) handlers must send ordinary message objects, so they ask
// wantsBinary() first.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { HandlerContext } from '@connectrpc/connect';

const LENGTH_DELIMITED = 2;

/** True when the client reads protobuf binary (gRPC, gRPC-Web, Connect with application/proto), false for JSON. */
export function wantsBinary(context: Pick<HandlerContext, 'requestHeader'>): boolean {
  const contentType = context.requestHeader.get('content-type') ?? '';
  return !contentType.includes('json');
}

/** Bytes a varint of `value` (a non-negative safe integer) takes. */
export function varintLength(value: number): number {
  let length = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 128);
    length += 1;
  }
  return length;
}

/** Writes a varint of a non-negative safe integer at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  // 32-bit integer arithmetic while the value fits in 32 bits (lengths, counts, ids); the split below only for larger ones (times).
  if (value > 0xffff_ffff) {
    let low = value >>> 0;
    let high = (value - low) / 0x1_0000_0000;
    for (let index = 0; index < 4; index += 1) {
      target[offset++] = (low & 0x7f) | 0x80;
      low >>>= 7;
    }
    // 28 bits written: 4 low bits left, then the high half.
    let rest = low | ((high & 0x07) << 4);
    high >>>= 3;
    while (high > 0) {
      target[offset++] = rest | 0x80;
      rest = high & 0x7f;
      high >>>= 7;
    }
    target[offset++] = rest;
    return offset;
  }
  let small = value >>> 0;
  while (small > 0x7f) {
    target[offset++] = (small & 0x7f) | 0x80;
    small >>>= 7;
  }
  target[offset++] = small;
  return offset;
}

export interface RawField {
  readonly no: number;
  readonly wireType: number;
  readonly data: Uint8Array;
}

/**
 * One record standing for a repeated length-delimited field (`no`) with the
 * given encoded payloads, in order: the first tag is written by protobuf-es,
 * the others are inside `data`.
 */
export function lengthDelimitedField(no: number, payloads: readonly Uint8Array[]): RawField {
  const tag = no * 8 + LENGTH_DELIMITED;
  let size = 0;
  for (const [index, payload] of payloads.entries()) size += (index === 0 ? 0 : varintLength(tag)) + varintLength(payload.length) + payload.length;
  const data = new Uint8Array(size);
  let offset = 0;
  for (const [index, payload] of payloads.entries()) {
    if (index > 0) offset = writeVarint(data, offset, tag);
    offset = writeVarint(data, offset, payload.length);
    data.set(payload, offset);
    offset += payload.length;
  }
  return { no, wireType: LENGTH_DELIMITED, data };
}

/** A message of `schema` with the given known fields set and `raw` fields appended to its binary form. */
export function withRawFields<Desc extends DescMessage>(schema: Desc, known: MessageShape<Desc>, raw: readonly RawField[]): MessageShape<Desc> {
  if (raw.length === 0) return known;
  return Object.assign(known, { $unknown: [...raw] });
}
