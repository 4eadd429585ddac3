import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { CandleSchema } from '../../../common/gen/wick/v1/candle_pb.js';
import { StreamCandlesResponseSchema } from '../../../common/gen/wick/v1/candle_service_pb.js';
import { LiveCandle } from '../live/live-candle.js';
import { testUpdate } from '../testing/candle-updates.js';
import { eventBytes, eventMessage, type StreamEvent } from './stream-events.js';

const message = testUpdate({ symbol: 'BTCUSDT', openTime: 1_700_000_040_000, tradeCount: 7, closed: false, updateTime: 1_700_000_041_234 });
const candle = LiveCandle.fromFeed(message, toBinary(CandleSchema, message), 0);

describe('stream events on the wire', () => {
  it('encodes a candle update exactly as protobuf-es encodes the equivalent message, in both forms', () => {
    for (const [subscription, sequence] of [[0, 1], [1, 2], [63, 300], [5, Number.MAX_SAFE_INTEGER]] as const) {
      const expected = create(StreamCandlesResponseSchema, {
        event: { case: 'candleUpdate', value: { subscriptionIndex: subscription, sequence: BigInt(sequence), candle: message } },
      });
      const event: StreamEvent = { kind: 'candle', subscription, sequence, candle };
      const canonical = Buffer.from(toBinary(StreamCandlesResponseSchema, expected));
      expect(Buffer.from(eventBytes(event))).toEqual(canonical);
      expect(Buffer.from(toBinary(StreamCandlesResponseSchema, eventMessage(event, true)))).toEqual(canonical);
      expect(eventMessage(event, false)).toEqual(expected);
      expect(fromBinary(StreamCandlesResponseSchema, eventBytes(event))).toEqual(expected);
    }
  });

  it('encodes HistoryComplete and Heartbeat', () => {
    expect(fromBinary(StreamCandlesResponseSchema, eventBytes({ kind: 'history-complete', subscription: 2, lastSequence: 10 })).event)
      .toEqual({ case: 'historyComplete', value: expect.objectContaining({ subscriptionIndex: 2, lastSequence: 10n }) });
    expect(fromBinary(StreamCandlesResponseSchema, eventBytes({ kind: 'heartbeat', serverTime: 1_700_000_000_123 })).event)
      .toEqual({ case: 'heartbeat', value: expect.objectContaining({ serverTime: 1_700_000_000_123n }) });
  });
});
