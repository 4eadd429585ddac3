// fast-check generators for checking the hand-written codecs against the
// generated protobuf-es code: field values over their whole protobuf range
// (any string, lone surrogates included; any int64), and byte strings that
// look like protobuf (tags with every wire type, varints up to 10 bytes and
// beyond, groups, unknown and repeated fields, truncation), which reach the
// decoder's corners far more often than uniform random bytes would.
import fc from 'fast-check';
import { SerdeError } from '../errors.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Any int64, weighted towards the edges and small values. */
export const anyInt64: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(0n, -1n, 1n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n), INT64_MIN, INT64_MAX),
);

/** Strings of every kind: empty, ASCII, any Unicode, raw UTF-16 units (lone surrogates), a leading BOM. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
  fc.string().map((text) => `\ufeff${text}`),
);

/** A varint of `value` in the plain form, or padded with redundant continuation bytes (still valid up to 10 bytes). */
function varintBytes(value: bigint, padding: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    bytes.push(Number(rest & 0x7fn));
    rest >>= 7n;
  } while (rest > 0n);
  for (let i = 0; i < padding; i++) bytes.push(0);
  return bytes.map((byte, index) => (index < bytes.length - 1 ? byte | 0x80 : byte));
}

const varint: fc.Arbitrary<number[]> = fc
  .tuple(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 300n })), fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) }))
  .map(([value, padding]) => varintBytes(value, padding));

const fieldNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 29 - 1 }) },
);

interface FieldShape {
  readonly no: number;
  readonly wireType: number;
}

const tagOf = ({ no, wireType }: FieldShape): number[] => varintBytes(BigInt(no) * 8n + BigInt(wireType), 0);

/** One field: a tag (sometimes with a wrong wire type, or an illegal one) and a value that may or may not fit it. */
const field = fc.letrec<{ field: number[]; group: number[] }>((tie) => ({
  field: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fieldNumber, varint).map(([no, value]) => [...tagOf({ no, wireType: 0 }), ...value]),
    fc.tuple(fieldNumber, fc.uint8Array({ maxLength: 8 })).map(([no, bytes]) => [...tagOf({ no, wireType: 1 }), ...bytes]),
    fc.tuple(fieldNumber, fc.uint8Array({ maxLength: 4 })).map(([no, bytes]) => [...tagOf({ no, wireType: 5 }), ...bytes]),
    fc.tuple(fieldNumber, fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.string().map((text) => [...Buffer.from(text, 'utf8')]))).map(([no, bytes]) => [
      ...tagOf({ no, wireType: 2 }),
      ...varintBytes(BigInt(bytes.length), 0),
      ...bytes,
    ]),
    tie('group'),
    fc.tuple(fieldNumber, fc.integer({ min: 0, max: 7 }), fc.uint8Array({ maxLength: 6 })).map(([no, wireType, bytes]) => [...tagOf({ no, wireType }), ...bytes]),
  ),
  group: fc
    .tuple(fieldNumber, fc.array(tie('field'), { maxLength: 3 }), fc.boolean())
    .map(([no, inner, matching]) => [...tagOf({ no, wireType: 3 }), ...inner.flat(), ...tagOf({ no: matching ? no : no + 1, wireType: 4 })]),
}));

/** Protobuf-shaped bytes: a run of fields, sometimes truncated or with a byte changed. */
export const protobufLikeBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.array(field.field, { maxLength: 12 }), fc.nat(), fc.oneof(fc.constant('keep'), fc.constant('truncate'), fc.constant('flip')), fc.nat(255))
  .map(([fields, position, damage, byte]) => {
    const bytes = fields.flat();
    if (bytes.length > 0 && damage === 'truncate') bytes.length = position % bytes.length;
    if (bytes.length > 0 && damage === 'flip') bytes[position % bytes.length] = byte;
    return new Uint8Array(bytes);
  });

/** Groups nested `depth` deep under field 99 (protobuf-es skips at most 99 levels). */
export function nestedGroups(depth: number): Uint8Array {
  const open = tagOf({ no: 99, wireType: 3 });
  const close = tagOf({ no: 99, wireType: 4 });
  return new Uint8Array([...Array.from({ length: depth }, () => open).flat(), ...Array.from({ length: depth }, () => close).flat()]);
}

/** The outcome of a decode, comparable across implementations: the value, or "rejected". */
export function outcome<T>(decode: () => T): { readonly value: T } | 'rejected' {
  try {
    return { value: decode() };
  } catch {
    return 'rejected';
  }
}

/** `bytes` with `extra` appended: proto3 merges concatenated encodings, later fields winning. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** What a serde call did: its value, or the SerdeError's code, field and message (any other throw fails the test). */
export type SerdeOutcome<T> = { readonly value: T } | { readonly code: string; readonly field: string; readonly message?: string };

/**
 * Runs `action` and describes its outcome. `withMessage: false` leaves out
 * the message of a 'malformed-bytes' error, whose cause text names the
 * decoder's own complaint and differs between implementations.
 */
export function serdeOutcome<T>(action: () => T, withMessage = true): SerdeOutcome<T> {
  try {
    return { value: action() };
  } catch (error) {
    if (!(error instanceof SerdeError)) throw error;
    if (!withMessage && error.code === 'malformed-bytes') return { code: error.code, field: error.field };
    return { code: error.code, field: error.field, message: error.message };
  }
}

/** Decimal strings as exchanges write them (some with trailing zeros), zero, and a few that are no canonical decimal. */
export const plausibleDecimal: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 8 })).map(([units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    return scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }) },
  { weight: 1, arbitrary: fc.constantFrom('', '0', '0.00000000', '1e5', '-1', '00.5', '.5', '5.', 'NaN', '１', '1'.repeat(65)) },
);

/** Symbols, mostly valid, some not (lower case, a colon, a space, too long, empty). */
export const plausibleSymbol: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('BTCUSDT', 'ETHBTC', 'XRPETH', '1000SATSUSDT', '币安人生USDT') },
  { weight: 1, arbitrary: fc.constantFrom('', 'btcusdt', 'BTC:USDT', 'BTC USDT', 'X'.repeat(33), '\ufeffBTC') },
);

/** Integers a domain value could hold, valid or not for an int64 field: safe ones of any sign, fractions, unsafe ones, NaN. */
export const plausibleInteger: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 2 ** 45 }) },
  { weight: 1, arbitrary: fc.oneof(fc.maxSafeInteger(), fc.constantFrom(-1, -0, 0, 1, 1.5, 2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY)) },
);
