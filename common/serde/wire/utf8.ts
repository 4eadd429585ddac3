// UTF-8 for protobuf string fields, with a fast path for ASCII: wick's
// strings are short ASCII (exchange ids, symbols, decimals, intervals), and
// for them a loop over char codes is ~10x cheaper than TextEncoder (~700 ns
// a call on Node 20) or a native Buffer call. Anything else goes through
// Buffer (writing) or a strict TextDecoder (reading), which behave exactly as
// protobuf-es does: a lone surrogate is written as U+FFFD, invalid UTF-8 is
// an error, and a leading byte order mark is dropped on reading.

/** The same strict decoder protobuf-es uses for proto3 strings, so rejections and BOM handling match. */
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 length of `text`: its length when every char is ASCII. */
export function utf8Length(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return Buffer.byteLength(text, 'utf8');
  }
  return text.length;
}

/** Writes `text` (whose UTF-8 length is `length`) into `buffer` at `pos`; returns the position after it. */
export function writeUtf8(buffer: Buffer, pos: number, text: string, length: number): number {
  if (length === text.length) {
    // Equal lengths mean every char is ASCII: a non-ASCII char takes 2 or more bytes.
    for (let i = 0; i < length; i++) buffer[pos + i] = text.charCodeAt(i);
    return pos + length;
  }
  return pos + buffer.write(text, pos, length, 'utf8');
}

/**
 * Short ASCII strings decoded lately, by a hash of their bytes: exchange ids,
 * symbols and many prices repeat from message to message, and comparing the
 * bytes with a known string is several times cheaper than decoding them.
 * Direct-mapped: a colliding string simply takes the slot over.
 */
const INTERNED_SLOTS = 1024;
const MAX_INTERNED_LENGTH = 32;
const interned: string[] = new Array<string>(INTERNED_SLOTS).fill('');

/** Decodes bytes start..end of `buffer` as strict UTF-8; throws a TypeError for invalid UTF-8. */
export function readUtf8(buffer: Buffer, start: number, end: number): string {
  let hash = end - start;
  for (let i = start; i < end; i++) {
    const byte = buffer[i] as number;
    if (byte >= 0x80) return strictDecoder.decode(buffer.subarray(start, end));
    hash = (Math.imul(hash, 31) + byte) | 0;
  }
  if (end - start > MAX_INTERNED_LENGTH) return buffer.toString('latin1', start, end);
  const slot = hash & (INTERNED_SLOTS - 1);
  const known = interned[slot] as string;
  if (sameAscii(known, buffer, start, end)) return known;
  // Pure ASCII: latin1 maps each byte to the same code point, and no check is needed.
  const text = buffer.toString('latin1', start, end);
  interned[slot] = text;
  return text;
}

function sameAscii(text: string, buffer: Buffer, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i - start) !== buffer[i]) return false;
  }
  return true;
}
