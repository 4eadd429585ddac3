import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { TradeSchema } from '../../../common/gen/wick/v1/trade_pb.js';
import { delivered, trade, tradeMessage } from '../testing/trades.js';
import { decodeBatch } from './trade-decoder.js';

describe('decodeBatch', () => {
  it('decodes trades with their exchange, in order, and keeps the message for each', () => {
    const first = trade({ aggregateId: 7, time: 1_000, price: '0.00141342', quantity: '23.00000000', buyerIsMaker: true });
    const second = trade({ aggregateId: 8, time: 1_001, symbol: 'ETHUSDT' });
    const messages = [delivered(tradeMessage(first), 0n), delivered(tradeMessage(second, 'bybit'), 1n)];
    const { trades, deadLetters } = decodeBatch(messages);
    expect(deadLetters).toEqual([]);
    expect(trades.map((t) => [t.exchange, t.trade, t.message.offset])).toEqual([
      ['binance', first, 0n],
      ['bybit', second, 1n],
    ]);
  });

  it('dead-letters bytes that are no trade, impossible values and keys that do not match, and goes on', () => {
    const good = delivered(tradeMessage(trade({ aggregateId: 1, time: 1_000 })), 0n);
    const garbage = delivered({ key: 'binance:BTCUSDT', value: Uint8Array.from([0xff, 0xff, 0xff, 0x01]) }, 1n);
    const zeroPrice = create(TradeSchema, {
      exchange: 'binance', symbol: 'BTCUSDT', aggregateTradeId: 2n, firstTradeId: 2n, lastTradeId: 2n,
      price: '0', quantity: '1', tradeTime: 1_000n, buyerIsMaker: false, receiveTime: 1_001n,
    });
    const impossible = delivered({ key: 'binance:BTCUSDT', value: toBinary(TradeSchema, zeroPrice) }, 2n);
    const misplaced = delivered({ ...tradeMessage(trade({ aggregateId: 3, time: 1_000 })), key: 'binance:ETHUSDT' }, 3n);
    const last = delivered(tradeMessage(trade({ aggregateId: 4, time: 1_002 })), 4n);

    const { trades, deadLetters } = decodeBatch([good, garbage, impossible, misplaced, last]);
    expect(trades.map((t) => t.message.offset)).toEqual([0n, 4n]);
    expect(deadLetters.map((letter) => [letter.reason, letter.message.offset])).toEqual([
      ['malformed-bytes', 1n],
      ['invalid-field', 2n],
      ['key-mismatch', 3n],
    ]);
    expect(deadLetters[1]!.detail).toMatch(/price/);
    expect(deadLetters[2]!.detail).toBe('key "binance:ETHUSDT" is not "binance:BTCUSDT"');
  });
});
