// The gRPC frame of a GetCandlesResponse written byte by byte from the
// candles' cached protobuf forms: the frame header, then `candles` (field 1,
// once per candle) and `next_page_token` (field 2, left out when empty, as
// proto3 does), in one buffer the size of the answer.
import { varintLength, writeVarint } from '../../../common/rpc/index.js';
import { GET_CANDLES_RECORD_FIELD, type LiveCandle } from '../live/live-candle.js';

const CANDLES_TAG = (GET_CANDLES_RECORD_FIELD << 3) | 2;
const TOKEN_TAG = (2 << 3) | 2;
const FRAME_HEADER = 5;

export function getCandlesFrame(answer: { readonly candles: readonly LiveCandle[]; readonly nextPageToken: string }): Buffer {
  const { candles, nextPageToken } = answer;
  const tokenBytes = Buffer.byteLength(nextPageToken, 'utf8');
  let size = tokenBytes === 0 ? 0 : 1 + varintLength(tokenBytes) + tokenBytes;
  for (const candle of candles) {
    if (candle.recordPage !== undefined) {
      size += candle.recordEnd - candle.recordStart;
    } else {
      const length = candle.bytes().length;
      size += 1 + varintLength(length) + length;
    }
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER + size);
  frame[0] = 0;
  frame.writeUInt32BE(size, 1);
  let offset = FRAME_HEADER;
  // Candles read from the store lie in their page already as records of this field, back to back: a run is one copy.
  let run: Uint8Array | undefined;
  let runStart = 0;
  let runEnd = 0;
  const copyRun = () => {
    if (run === undefined) return;
    frame.set(run.subarray(runStart, runEnd), offset);
    offset += runEnd - runStart;
    run = undefined;
  };
  for (const candle of candles) {
    const page = candle.recordPage;
    if (page !== undefined && page === run && candle.recordStart === runEnd) {
      runEnd = candle.recordEnd;
      continue;
    }
    copyRun();
    if (page !== undefined) {
      [run, runStart, runEnd] = [page, candle.recordStart, candle.recordEnd];
      continue;
    }
    const payload = candle.bytes();
    frame[offset++] = CANDLES_TAG;
    offset = writeVarint(frame, offset, payload.length);
    frame.set(payload, offset);
    offset += payload.length;
  }
  copyRun();
  if (tokenBytes > 0) {
    frame[offset++] = TOKEN_TAG;
    offset = writeVarint(frame, offset, tokenBytes);
    frame.write(nextPageToken, offset, 'utf8');
  }
  return frame;
}
