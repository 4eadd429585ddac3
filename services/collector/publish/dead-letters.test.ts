import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/log/index.js';
import { FakeProducer } from '../testing/fake-producer.js';
import { DeadLetters, DLQ_HEADERS, type DeadLetter } from './dead-letters.js';

const LETTER: DeadLetter = { reason: 'malformed-json', detail: 'not JSON: Unexpected end of JSON input', source: 'binance-ws', key: 'binance', raw: Buffer.from('{"e":"agg'), receivedAt: 1_700_000_000_000 };

function harness(producer: FakeProducer | undefined) {
  const counted: string[] = [];
  let failedWrites = 0;
  const letters = new DeadLetters('trades.dlq', () => producer, { deadLetter: (reason) => counted.push(reason), deadLetterWriteFailed: () => (failedWrites += 1) }, silentLogger());
  return { letters, counted, failures: () => failedWrites };
}

describe('DeadLetters', () => {
  it('writes the raw bytes with the reason in the headers and counts it', () => {
    const producer = new FakeProducer();
    const { letters, counted } = harness(producer);
    letters.send(LETTER);
    const send = producer.next();
    expect(send.topic).toBe('trades.dlq');
    expect(send.messages).toEqual([
      {
        key: 'binance',
        value: LETTER.raw,
        headers: {
          [DLQ_HEADERS.reason]: 'malformed-json',
          [DLQ_HEADERS.detail]: 'not JSON: Unexpected end of JSON input',
          [DLQ_HEADERS.source]: 'binance-ws',
          [DLQ_HEADERS.receivedAt]: '1700000000000',
        },
      },
    ]);
    expect(counted).toEqual(['malformed-json']);
  });

  it('keeps the detail header one bounded line', () => {
    const producer = new FakeProducer();
    const { letters } = harness(producer);
    letters.send({ ...LETTER, detail: `line one\nline two ${'x'.repeat(1_000)}` });
    const detail = producer.next().messages[0]?.headers?.[DLQ_HEADERS.detail] ?? '';
    expect(detail).toMatch(/^line one line two x+\.\.\.$/);
    expect(detail.length).toBe(500);
  });

  it('counts a letter it could not write, and never throws', async () => {
    const producer = new FakeProducer();
    const { letters, counted, failures } = harness(producer);
    letters.send(LETTER);
    producer.next().fail(new Error('broker down'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures()).toBe(1);
    const without = harness(undefined);
    without.letters.send(LETTER);
    expect(without.failures()).toBe(1);
    expect([...counted, ...without.counted]).toEqual(['malformed-json', 'malformed-json']);
  });
});
