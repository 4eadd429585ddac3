// wick.v1.Candle on the wire, written and read by hand, as trade-wire.ts
// does for trades: exactly toBinary's bytes, exactly fromBinary's values and
// rejections (candle-wire.test.ts checks both against the generated code).
// No validation here: candle-serde.ts validates.
import type { UnknownField } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import type { Candle as CandleMessage } from '../gen/wick/v1/candle_pb.js';
import type { CandleFields } from './candle-validation.js';
import type { Int64 } from './field-checks.js';
import { WireReader } from './wire/wire-reader.js';
import { WireWriter } from './wire/wire-writer.js';

const { Varint, LengthDelimited } = WireType;
const writer = new WireWriter();

/** The bytes protobuf-es's toBinary(CandleSchema, ...) writes for these fields (a message's $unknown fields included). */
export function writeCandle(candle: CandleFields & { readonly $unknown?: readonly UnknownField[] }): Uint8Array {
  const w = writer.reset();
  writeString(w, 1, candle.exchange);
  writeString(w, 2, candle.symbol);
  writeString(w, 3, candle.interval);
  writeInt64(w, 4, candle.openTime, 'open_time');
  writeInt64(w, 5, candle.closeTime, 'close_time');
  writeString(w, 6, candle.open);
  writeString(w, 7, candle.high);
  writeString(w, 8, candle.low);
  writeString(w, 9, candle.close);
  writeString(w, 10, candle.volume);
  writeString(w, 11, candle.quoteVolume);
  writeInt64(w, 12, candle.tradeCount, 'trade_count');
  writeString(w, 13, candle.takerBuyVolume);
  writeString(w, 14, candle.takerBuyQuoteVolume);
  writeInt64(w, 15, candle.firstTradeId, 'first_trade_id');
  writeInt64(w, 16, candle.lastTradeId, 'last_trade_id');
  if (candle.closed) w.tag(17, Varint).bool(true);
  if (candle.revision !== 0) w.tag(18, Varint).uint32(candle.revision, 'wick.v1.Candle.revision');
  writeInt64(w, 19, candle.updateTime, 'update_time');
  for (const field of candle.$unknown ?? []) w.tag(field.no, field.wireType).raw(field.data);
  return w.finish();
}

function writeString(w: WireWriter, fieldNo: number, value: string): void {
  if (value !== '') w.tag(fieldNo, LengthDelimited).string(value);
}

function writeInt64(w: WireWriter, fieldNo: number, value: Int64, name: string): void {
  if (value === 0 || value === 0n) return;
  w.tag(fieldNo, Varint);
  if (typeof value === 'number') w.int64Number(value);
  else w.int64(value, `wick.v1.Candle.${name}`);
}

/** Reads a candle as fromBinary(CandleSchema, ...) would, into the same message shape; throws exactly when it would. */
export function readCandle(bytes: Uint8Array): CandleMessage {
  const reader = new WireReader(bytes);
  const candle: CandleMessage = {
    $typeName: 'wick.v1.Candle',
    exchange: '',
    symbol: '',
    interval: '',
    openTime: 0n,
    closeTime: 0n,
    open: '',
    high: '',
    low: '',
    close: '',
    volume: '',
    quoteVolume: '',
    tradeCount: 0n,
    takerBuyVolume: '',
    takerBuyQuoteVolume: '',
    firstTradeId: 0n,
    lastTradeId: 0n,
    closed: false,
    revision: 0,
    updateTime: 0n,
  };
  let unknown: UnknownField[] | undefined;
  // A field seen twice keeps its last value, as proto3 says.
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1: candle.exchange = reader.string(); break;
      case 2: candle.symbol = reader.string(); break;
      case 3: candle.interval = reader.string(); break;
      case 4: candle.openTime = reader.int64(); break;
      case 5: candle.closeTime = reader.int64(); break;
      case 6: candle.open = reader.string(); break;
      case 7: candle.high = reader.string(); break;
      case 8: candle.low = reader.string(); break;
      case 9: candle.close = reader.string(); break;
      case 10: candle.volume = reader.string(); break;
      case 11: candle.quoteVolume = reader.string(); break;
      case 12: candle.tradeCount = reader.int64(); break;
      case 13: candle.takerBuyVolume = reader.string(); break;
      case 14: candle.takerBuyQuoteVolume = reader.string(); break;
      case 15: candle.firstTradeId = reader.int64(); break;
      case 16: candle.lastTradeId = reader.int64(); break;
      case 17: candle.closed = reader.bool(); break;
      case 18: candle.revision = reader.uint32(); break;
      case 19: candle.updateTime = reader.int64(); break;
      default: (unknown ??= []).push(reader.unknown(tag));
    }
  }
  if (unknown !== undefined) candle.$unknown = unknown;
  return candle;
}
