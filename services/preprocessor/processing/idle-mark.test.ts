import { describe, expect, it } from 'vitest';
import { delivered } from '../testing/trades.js';
import { appliesAt, idleMarkMessage, isControlRecord, readIdleMark } from './idle-mark.js';

describe('idle marks', () => {
  it('round-trip through a record of the partition they name, and apply only at the offset they expect', () => {
    const message = idleMarkMessage(3, { watermarkMs: 1_700_000_000_123, expectedOffset: 9_007_199_254_740_993n });
    expect(message.partition).toBe(3);
    const record = delivered(message, 9_007_199_254_740_993n, 'wick.trades.v1', 3);
    expect(isControlRecord(record)).toBe(true);
    const read = readIdleMark(record);
    expect(read).toEqual({ mark: { watermarkMs: 1_700_000_000_123, expectedOffset: 9_007_199_254_740_993n } });
    if (!('mark' in read)) throw new Error('unreadable');
    expect(appliesAt(read.mark, record)).toBe(true);
    expect(appliesAt(read.mark, { ...record, offset: record.offset + 1n })).toBe(false);
  });

  it('tells a trade from a control record, and refuses marks whose fields are not canonical integers', () => {
    expect(isControlRecord(delivered({ key: 'binance:BTCUSDT', value: new Uint8Array(3) }, 0n))).toBe(false);
    const base = delivered(idleMarkMessage(0, { watermarkMs: 5, expectedOffset: 1n }), 1n);
    const withHeaders = (headers: Record<string, string>) => readIdleMark({ ...base, headers: { ...base.headers, ...headers } });
    expect(withHeaders({ 'wick-control': 'other' })).toEqual({ error: expect.stringContaining('unknown wick-control "other"') });
    for (const watermark of ['-5', '05', '1.5', '', '99999999999999999999']) {
      expect(withHeaders({ 'wick-idle-watermark': watermark })).toEqual({ error: expect.stringContaining('wick-idle-watermark') });
    }
    for (const after of ['-1', '01', 'x', '12345678901234567890']) {
      expect(withHeaders({ 'wick-idle-after': after })).toEqual({ error: expect.stringContaining('wick-idle-after') });
    }
  });
});
