import type { KafkaMessage, LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { BusLogger } from '../logger.js';
import { loadKafkaJs } from './kafkajs.js';
import { kafkaLogCreator, kafkaLogLevel } from './logging.js';
import { fromKafkaMessage, toKafkaMessage } from './messages.js';
import { kafkaRetry } from './settings.js';

const kafkajs = loadKafkaJs();

function recordingLogger(level?: string): BusLogger & { lines: Array<[string, object, string | undefined]> } {
  const lines: Array<[string, object, string | undefined]> = [];
  const at = (name: string) => (fields: object, message?: string) => lines.push([name, fields, message]);
  return { lines, level, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

describe('kafkajs message conversion', () => {
  it('sends keys, values, headers and timestamps as kafkajs expects, one headers object per message', () => {
    const shared = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const value = new Uint8Array([1, 2, 3]);
    const a = toKafkaMessage({ key: 'k', value, timestamp: 1_700_000_000_000 }, shared);
    const b = toKafkaMessage({ key: 'k', value }, shared);
    expect(a.key).toBe('k');
    expect(Buffer.isBuffer(a.value)).toBe(true);
    expect([...(a.value as Buffer)]).toEqual([1, 2, 3]);
    expect(a.timestamp).toBe('1700000000000');
    expect(b.timestamp).toBeUndefined();
    expect(a.headers).toEqual(shared);
    expect(a.headers).not.toBe(b.headers);
    expect(toKafkaMessage({ key: 'k', value }, undefined).headers).toBeUndefined();
  });

  it('reads messages back with bigint offsets, string headers (the last of repeated ones) and empty defaults', () => {
    const received: KafkaMessage = {
      key: Buffer.from('binance:BTCUSDT'),
      value: Buffer.from([9]),
      timestamp: '1700000000123',
      attributes: 0,
      offset: '9007199254740993',
      headers: { a: Buffer.from('é'), b: 'plain', c: [Buffer.from('first'), Buffer.from('last')], d: undefined },
    };
    const message = fromKafkaMessage('t', 2, received);
    expect(message).toMatchObject({ topic: 't', partition: 2, key: 'binance:BTCUSDT', timestamp: 1_700_000_000_123 });
    expect(message.offset).toBe(9_007_199_254_740_993n);
    expect(message.headers).toEqual({ a: 'é', b: 'plain', c: 'last' });
    const bare = fromKafkaMessage('t', 0, { ...received, key: null, value: null, headers: {} });
    expect(bare.key).toBe('');
    expect(bare.value).toHaveLength(0);
    expect(bare.headers).toEqual({});
  });
});

describe('kafkajs logging', () => {
  it('asks kafkajs only for the lines the logger would print', () => {
    expect(kafkaLogLevel(kafkajs, recordingLogger('debug'))).toBe(kafkajs.logLevel.DEBUG);
    expect(kafkaLogLevel(kafkajs, recordingLogger('info'))).toBe(kafkajs.logLevel.INFO);
    expect(kafkaLogLevel(kafkajs, recordingLogger('warn'))).toBe(kafkajs.logLevel.WARN);
    expect(kafkaLogLevel(kafkajs, recordingLogger('fatal'))).toBe(kafkajs.logLevel.ERROR);
    expect(kafkaLogLevel(kafkajs, recordingLogger('silent'))).toBe(kafkajs.logLevel.NOTHING);
    expect(kafkaLogLevel(kafkajs, recordingLogger())).toBe(kafkajs.logLevel.INFO);
  });

  it('routes entries by level with their fields, treats rebalance answers as routine and a new topic\'s metadata answers as warnings', () => {
    const logger = recordingLogger('debug');
    const log = kafkaLogCreator(kafkajs, logger)(kafkajs.logLevel.DEBUG);
    const entry = (level: number, message: string, extra: object = {}): LogEntry => ({
      namespace: 'Consumer',
      level,
      label: 'x',
      log: { timestamp: 'now', message, ...extra },
    });
    log(entry(kafkajs.logLevel.ERROR, 'Crash', { groupId: 'g' }));
    log(entry(kafkajs.logLevel.ERROR, 'Response Heartbeat', { error: 'The group is rebalancing, so a rejoin is needed' }));
    // A topic a moment old: its metadata answer is a warning; the same error on a produce stays an error.
    log(entry(kafkajs.logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' }));
    log(entry(kafkajs.logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'This server does not host this topic-partition' }));
    log(entry(kafkajs.logLevel.WARN, 'slow'));
    log(entry(kafkajs.logLevel.DEBUG, 'detail'));
    expect(logger.lines).toEqual([
      ['error', { groupId: 'g', kafkajs: 'Consumer' }, 'Crash'],
      ['info', { error: 'The group is rebalancing, so a rejoin is needed', kafkajs: 'Consumer' }, 'Response Heartbeat'],
      ['warn', { error: 'This server does not host this topic-partition', kafkajs: 'Consumer' }, 'Response Metadata(key: 3, version: 6)'],
      ['error', { error: 'This server does not host this topic-partition', kafkajs: 'Consumer' }, 'Response Produce(key: 0, version: 7)'],
      ['warn', { kafkajs: 'Consumer' }, 'slow'],
      ['debug', { kafkajs: 'Consumer' }, 'detail'],
    ]);
  });
});

describe('kafkaRetry', () => {
  it('passes only the settings given, so kafkajs keeps its defaults for the rest', () => {
    expect(kafkaRetry({ brokers: ['b'], clientId: 'c', logger: recordingLogger() })).toEqual({});
    expect(kafkaRetry({ brokers: ['b'], clientId: 'c', logger: recordingLogger(), retry: { retries: 3, maxRetryTimeMs: 1_000 } })).toEqual({
      retries: 3,
      maxRetryTime: 1_000,
    });
  });
});
