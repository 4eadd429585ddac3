// The events of a StreamCandles stream and their two wire forms: the
// protobuf binary bytes of a StreamCandlesResponse, built from the candle's
// bytes (encoded once per update, shared by every stream) plus this stream's
// subscription index and sequence number; and a message object, for the
// Connect path (see common/rpc/wire.ts for how binary clients get the
// bytes through it).
import { create, toBinary } from '@bufbuild/protobuf';
import { StreamCandlesResponseSchema, type StreamCandlesResponse } from '../../../common/gen/wick/v1/candle_service_pb.js';
import { varintLength, withRawFields, writeVarint } from '../../../common/rpc/index.js';
import type { LiveCandle } from '../live/live-candle.js';

export type StreamEvent =
  | { readonly kind: 'candle'; readonly subscription: number; readonly sequence: number; readonly candle: LiveCandle }
  | { readonly kind: 'history-complete'; readonly subscription: number; readonly lastSequence: number }
  | { readonly kind: 'heartbeat'; readonly serverTime: number };

const EVENT_CANDLE_UPDATE = 1;
const LENGTH_DELIMITED = 2;
const TAG_EVENT_CANDLE_UPDATE = 0x0a;
const TAG_SUBSCRIPTION_INDEX = 0x08;
const TAG_SEQUENCE = 0x10;
const TAG_CANDLE = 0x1a;

/** The StreamCandlesResponse of `event`, in protobuf binary. */
export function eventBytes(event: StreamEvent): Uint8Array {
  if (event.kind === 'candle') return candleUpdateBytes(event.subscription, event.sequence, event.candle.bytes());
  return toBinary(StreamCandlesResponseSchema, eventMessage(event, false));
}

/** The StreamCandlesResponse of `event`; for a binary client a candle update carries its encoded bytes. */
export function eventMessage(event: StreamEvent, binary: boolean): StreamCandlesResponse {
  switch (event.kind) {
    case 'candle':
      if (binary) {
        const empty: StreamCandlesResponse = { $typeName: StreamCandlesResponseSchema.typeName, event: { case: undefined } };
        // The record's data is the message bytes after the one-byte tag of field 1.
        const data = candleUpdateBytes(event.subscription, event.sequence, event.candle.bytes()).subarray(1);
        return withRawFields(StreamCandlesResponseSchema, empty, [{ no: EVENT_CANDLE_UPDATE, wireType: LENGTH_DELIMITED, data }]);
      }
      return create(StreamCandlesResponseSchema, {
        event: { case: 'candleUpdate', value: { subscriptionIndex: event.subscription, sequence: BigInt(event.sequence), candle: event.candle.message() } },
      });
    case 'history-complete':
      return create(StreamCandlesResponseSchema, {
        event: { case: 'historyComplete', value: { subscriptionIndex: event.subscription, lastSequence: BigInt(event.lastSequence) } },
      });
    case 'heartbeat':
      return create(StreamCandlesResponseSchema, { event: { case: 'heartbeat', value: { serverTime: BigInt(event.serverTime) } } });
  }
}

/** StreamCandlesResponse{candle_update: {subscription_index, sequence, candle}} from the candle's bytes. */
function candleUpdateBytes(subscriptionIndex: number, sequence: number, candle: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(candleUpdateSize(subscriptionIndex, sequence, candle.length));
  writeCandleUpdate(bytes, 0, subscriptionIndex, sequence, candle);
  return bytes;
}

/** Bytes of a candle update message (see writeCandleUpdate). */
export function candleUpdateSize(subscriptionIndex: number, sequence: number, candleLength: number): number {
  const inner = innerSize(subscriptionIndex, sequence, candleLength);
  return 1 + varintLength(inner) + inner;
}

/** Writes the StreamCandlesResponse of a candle update at `offset`; returns the offset after it. */
export function writeCandleUpdate(target: Uint8Array, offset: number, subscriptionIndex: number, sequence: number, candle: Uint8Array): number {
  target[offset++] = TAG_EVENT_CANDLE_UPDATE;
  offset = writeVarint(target, offset, innerSize(subscriptionIndex, sequence, candle.length));
  // proto3 leaves subscription_index 0 out; sequence starts at 1.
  if (subscriptionIndex !== 0) {
    target[offset++] = TAG_SUBSCRIPTION_INDEX;
    offset = writeVarint(target, offset, subscriptionIndex);
  }
  target[offset++] = TAG_SEQUENCE;
  offset = writeVarint(target, offset, sequence);
  target[offset++] = TAG_CANDLE;
  offset = writeVarint(target, offset, candle.length);
  target.set(candle, offset);
  return offset + candle.length;
}

/** The CandleUpdate message: its three fields. */
function innerSize(subscriptionIndex: number, sequence: number, candleLength: number): number {
  return (subscriptionIndex === 0 ? 0 : 1 + varintLength(subscriptionIndex)) + 1 + varintLength(sequence) + 1 + varintLength(candleLength) + candleLength;
}
