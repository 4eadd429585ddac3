import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, deadLetterHeaders, MAX_DLQ_DETAIL_LENGTH } from './dead-letter-headers.js';

describe('deadLetterHeaders', () => {
  it('writes every shared header name, the origin only when given', () => {
    const base = { reason: 'invalid-field', detail: 'price "abc" is not a decimal', source: 'binance-ws', receivedAt: 1_700_000_000_123 };
    expect(deadLetterHeaders(base)).toEqual({
      'wick-dlq-reason': 'invalid-field',
      'wick-dlq-detail': 'price "abc" is not a decimal',
      'wick-dlq-source': 'binance-ws',
      'wick-dlq-received-at': '1700000000123',
    });
    expect(deadLetterHeaders({ ...base, origin: 'wick.trades.v1[3]@42' })[DLQ_HEADERS.origin]).toBe('wick.trades.v1[3]@42');
  });

  it('keeps the detail one bounded line whatever the input held', () => {
    const headers = deadLetterHeaders({ reason: 'r', detail: `line one\n\tline two ${'x'.repeat(2_000)}`, source: 's', receivedAt: 0 });
    const detail = headers[DLQ_HEADERS.detail] ?? '';
    expect(detail).toHaveLength(MAX_DLQ_DETAIL_LENGTH);
    expect(detail.startsWith('line one line two x')).toBe(true);
    expect(detail.endsWith('...')).toBe(true);
    expect(detail).not.toMatch(/\s{2}|\n|\t/);
  });
});
