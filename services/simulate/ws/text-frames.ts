// WebSocket text frames as a server writes them (RFC 6455, section 5.2:
// FIN set, opcode 1, no mask, the payload length in 7, 16 or 64 bits), many
// of them into one buffer. Replaying as fast as possible, the simulator
// sends 100,000 frames a second and more; handing each to ws's sender cost
// two buffers and two chunks of a vectored write per frame, and was most of
// the simulator's time besides the garbage collector.

const FIN_TEXT = 0x81;
const LENGTH_16 = 126;
const LENGTH_64 = 127;

function headerSize(payloadBytes: number): number {
  if (payloadBytes < LENGTH_16) return 2;
  return payloadBytes < 0x10000 ? 4 : 10;
}

/** One buffer holding a text frame for each of `texts`, in order. */
export function encodeTextFrames(texts: readonly string[]): Buffer {
  const lengths = new Array<number>(texts.length);
  let size = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = Buffer.byteLength(texts[i] as string, 'utf8');
    lengths[i] = length;
    size += headerSize(length) + length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = lengths[i] as number;
    out[at++] = FIN_TEXT;
    if (length < LENGTH_16) {
      out[at++] = length;
    } else if (length < 0x10000) {
      out[at++] = LENGTH_16;
      at = out.writeUInt16BE(length, at);
    } else {
      out[at++] = LENGTH_64;
      at = out.writeBigUInt64BE(BigInt(length), at);
    }
    at += out.write(texts[i] as string, at, length, 'utf8');
  }
  return out;
}
