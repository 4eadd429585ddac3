// The gRPC frame of a GetCandlesResponse written byte by byte from the
// candles' cached protobuf forms: the frame header, then `candles` (field 1,
// once per candle) and `next_page_token` (field 2, left out when empty, as
// proto3 does), in one buffer the size of the answer.
import { varintLength, writeVarint } from '../../../common/rpc/index.js';
import type { LiveCandle } from '../live/live-candle.js';

const CANDLES_TAG = (1 << 3) | 2;
const TOKEN_TAG = (2 << 3) | 2;
const FRAME_HEADER = 5;

export function getCandlesFrame(answer: { readonly candles: readonly LiveCandle[]; readonly nextPageToken: string }): Buffer {
  const { candles, nextPageToken } = answer;
  const payloads = candles.map((candle) => candle.bytes());
  const tokenBytes = Buffer.byteLength(nextPageToken, 'utf8');
  let size = tokenBytes === 0 ? 0 : 1 + varintLength(tokenBytes) + tokenBytes;
  for (const payload of payloads) size += 1 + varintLength(payload.length) + payload.length;
  const frame = Buffer.allocUnsafe(FRAME_HEADER + size);
  frame[0] = 0;
  frame.writeUInt32BE(size, 1);
  let offset = FRAME_HEADER;
  for (const payload of payloads) {
    frame[offset++] = CANDLES_TAG;
    offset = writeVarint(frame, offset, payload.length);
    frame.set(payload, offset);
    offset += payload.length;
  }
  if (tokenBytes > 0) {
    frame[offset++] = TOKEN_TAG;
    offset = writeVarint(frame, offset, tokenBytes);
    frame.write(nextPageToken, offset, 'utf8');
  }
  return frame;
}
