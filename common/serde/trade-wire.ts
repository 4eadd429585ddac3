// wick.v1.Trade on the wire, written and read by hand: the generic
// protobuf-es toBinary/fromBinary walk the schema by reflection and cost
// several microseconds a trade, this costs well under one. The bytes are
// exactly toBinary's (field order, proto3 defaults omitted, int64 varints,
// unknown fields last) and reading accepts and rejects exactly what
// fromBinary does; trade-wire.test.ts checks both against the generated
// code. No validation here: trade-serde.ts validates.
import type { UnknownField } from '@bufbuild/protobuf';
import { WireType } from '@bufbuild/protobuf/wire';
import type { Trade as TradeMessage } from '../gen/wick/v1/trade_pb.js';
import type { Int64 } from './field-checks.js';
import type { TradeFields } from './trade-validation.js';
import { WireReader } from './wire/wire-reader.js';
import { WireWriter } from './wire/wire-writer.js';

const { Varint, LengthDelimited } = WireType;
const writer = new WireWriter();

/** A decoded trade: int64 fields as numbers when they fit one, else bigints. */
export interface DecodedTradeFields extends TradeFields {
  readonly unknown: UnknownField[] | undefined;
}

/** The bytes protobuf-es's toBinary(TradeSchema, ...) writes for these fields (a message's $unknown fields included). */
export function writeTrade(trade: TradeFields & { readonly $unknown?: readonly UnknownField[] }): Uint8Array {
  const w = writer.reset();
  if (trade.exchange !== '') w.tag(1, LengthDelimited).string(trade.exchange);
  if (trade.symbol !== '') w.tag(2, LengthDelimited).string(trade.symbol);
  writeInt64(w, 3, trade.aggregateTradeId, 'aggregate_trade_id');
  writeInt64(w, 4, trade.firstTradeId, 'first_trade_id');
  writeInt64(w, 5, trade.lastTradeId, 'last_trade_id');
  if (trade.price !== '') w.tag(6, LengthDelimited).string(trade.price);
  if (trade.quantity !== '') w.tag(7, LengthDelimited).string(trade.quantity);
  writeInt64(w, 8, trade.tradeTime, 'trade_time');
  if (trade.buyerIsMaker) w.tag(9, Varint).bool(true);
  writeInt64(w, 10, trade.receiveTime, 'receive_time');
  for (const field of trade.$unknown ?? []) w.tag(field.no, field.wireType).raw(field.data);
  return w.finish();
}

function writeInt64(w: WireWriter, fieldNo: number, value: Int64, name: string): void {
  if (value === 0 || value === 0n) return;
  w.tag(fieldNo, Varint);
  if (typeof value === 'number') w.int64Number(value);
  else w.int64(value, `wick.v1.Trade.${name}`);
}

/** Reads a trade as fromBinary(TradeSchema, ...) would; throws (a plain Error) exactly when it would. */
export function readTradeFields(bytes: Uint8Array): DecodedTradeFields {
  const reader = new WireReader(bytes);
  let exchange = '';
  let symbol = '';
  let aggregateTradeId: Int64 = 0;
  let firstTradeId: Int64 = 0;
  let lastTradeId: Int64 = 0;
  let price = '';
  let quantity = '';
  let tradeTime: Int64 = 0;
  let buyerIsMaker = false;
  let receiveTime: Int64 = 0;
  let unknown: UnknownField[] | undefined;
  // A field seen twice keeps its last value, as proto3 says.
  while (reader.pos < reader.end) {
    const tag = reader.tag();
    switch (tag >>> 3) {
      case 1: exchange = reader.string(); break;
      case 2: symbol = reader.string(); break;
      case 3: aggregateTradeId = reader.int64Value(); break;
      case 4: firstTradeId = reader.int64Value(); break;
      case 5: lastTradeId = reader.int64Value(); break;
      case 6: price = reader.string(); break;
      case 7: quantity = reader.string(); break;
      case 8: tradeTime = reader.int64Value(); break;
      case 9: buyerIsMaker = reader.bool(); break;
      case 10: receiveTime = reader.int64Value(); break;
      default: (unknown ??= []).push(reader.unknown(tag));
    }
  }
  return { exchange, symbol, aggregateTradeId, firstTradeId, lastTradeId, price, quantity, tradeTime, buyerIsMaker, receiveTime, unknown };
}

/** The protobuf-es message fromBinary would return, same shape and all. */
export function toTradeMessage(fields: DecodedTradeFields): TradeMessage {
  const message: TradeMessage = {
    $typeName: 'wick.v1.Trade',
    exchange: fields.exchange,
    symbol: fields.symbol,
    aggregateTradeId: BigInt(fields.aggregateTradeId),
    firstTradeId: BigInt(fields.firstTradeId),
    lastTradeId: BigInt(fields.lastTradeId),
    price: fields.price,
    quantity: fields.quantity,
    tradeTime: BigInt(fields.tradeTime),
    buyerIsMaker: fields.buyerIsMaker,
    receiveTime: BigInt(fields.receiveTime),
  };
  if (fields.unknown !== undefined) message.$unknown = fields.unknown;
  return message;
}
