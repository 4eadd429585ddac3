// 64-bit varint values as two 32-bit halves, the form the wire uses, and
// their conversion to and from the number (exact below 2^53) and bigint
// forms wick's code holds them in.

const TWO_POW_32 = 4_294_967_296;
/** |hi| below this means the value is within +-2^53: exact as a number. */
const SAFE_HIGH = 0x20_0000;

/** The low 32 bits of a safe integer's two's complement (as an unsigned number). */
export function lowBits(value: number): number {
  return value >>> 0;
}

/** The high 32 bits of a safe integer's two's complement (as a signed int32). */
export function highBits(value: number): number {
  return Math.floor(value / TWO_POW_32) | 0;
}

/** The signed 64-bit value of `lo`/`hi` as a number when it is a safe integer, else undefined. */
export function safeNumber(lo: number, hi: number): number | undefined {
  if (hi >= SAFE_HIGH || hi < -SAFE_HIGH) return undefined;
  const value = hi * TWO_POW_32 + (lo >>> 0);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The signed 64-bit value of `lo`/`hi` as a bigint. */
export function toBigInt(lo: number, hi: number): bigint {
  const safe = safeNumber(lo, hi);
  if (safe !== undefined) return BigInt(safe);
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

/** The signed 64-bit value of `lo`/`hi`: a number when exact, else a bigint (to name it exactly in an error). */
export function toNumberOrBigInt(lo: number, hi: number): number | bigint {
  return safeNumber(lo, hi) ?? toBigInt(lo, hi);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** True when `value` fits int64; protobuf-es refuses to encode anything else. */
export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

/** A bigint as a number when exact, so the common case needs no bigint arithmetic. */
export function bigIntAsSafeNumber(value: bigint): number | undefined {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : undefined;
}

/** The low 32 bits of an int64 bigint's two's complement. */
export function bigLowBits(value: bigint): number {
  return Number(BigInt.asUintN(32, value));
}

/** The high 32 bits of an int64 bigint's two's complement, as a signed int32. */
export function bigHighBits(value: bigint): number {
  return Number(BigInt.asIntN(32, value >> 32n));
}
