import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('page cursors', () => {
  it('round-trip the open time for the query that made them, and are URL-safe', () => {
    const cursor = encodeCursor('range', 'binance|BTCUSDT|1m', 1_700_000_000_000);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('range', 'binance|BTCUSDT|1m', cursor)).toBe(1_700_000_000_000);
  });

  it('reject a cursor of another kind or query', () => {
    const cursor = encodeCursor('range', 'binance|BTCUSDT|1m', 5);
    expect(() => decodeCursor('latest', 'binance|BTCUSDT|1m', cursor)).toThrow(/different query/);
    expect(() => decodeCursor('range', 'binance|ETHUSDT|1m', cursor)).toThrow(/different query/);
  });

  it.each(['', 'abc', '!!!', Buffer.from('{"v":1,"k":"range","q":"x","t":1.5}').toString('base64url'), 'a'.repeat(2_000)])(
    'reject the malformed cursor %j',
    (cursor) => {
      expect(() => decodeCursor('range', 'x', cursor)).toThrow(expect.objectContaining({ code: 'INVALID_QUERY' }));
    },
  );
});
