// Kafka's variable-length integers: unsigned varints (7 bits a byte, least
// significant first, the high bit set on every byte but the last), and the
// signed ones of records, zigzag-encoded first. Exact up to 2^53 (numbers,
// not bigints: lengths, counts and millisecond deltas).

/** Signed to unsigned, small magnitudes small: 0, -1, 1, -2, ... to 0, 1, 2, 3, ... */
export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unsignedVarintSize(value: number): number {
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** Writes `value` at `at`; returns the offset after it. */
export function writeUnsignedVarint(out: Buffer, at: number, value: number): number {
  while (value >= 128) {
    out[at++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}
