import { describe, expect, it } from 'vitest';
import { INTERVAL_NAMES, isIntervalName, possibleLengthsMs } from './interval-names.js';

describe('interval names', () => {
  it('are the 16 Binance intervals in Binance order', () => {
    expect(INTERVAL_NAMES).toEqual(['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']);
    expect(INTERVAL_NAMES.every(isIntervalName)).toBe(true);
  });

  it.each(['', '7x', '7m', '1H', '1mo', '1W', ' 1m', 'toString', '__proto__', 'constructor'])('rejects %j', (text) => {
    expect(isIntervalName(text)).toBe(false);
  });

  it('knows each interval length, and every length a calendar month can have', () => {
    expect(possibleLengthsMs('1s')).toEqual([1000]);
    expect(possibleLengthsMs('15m')).toEqual([900_000]);
    expect(possibleLengthsMs('1w')).toEqual([604_800_000]);
    expect(possibleLengthsMs('1M')).toEqual([28, 29, 30, 31].map((days) => days * 86_400_000));
  });
});
