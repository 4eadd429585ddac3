import { describe, expect, it } from 'vitest';
import { ValueError } from './parser.js';
import { bool, duration, formatDuration, hostPort, int, list, oneOf, port, redactUrl, str, url } from './parsers.js';

function rejection(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ValueError);
    return (error as Error).message;
  }
  throw new Error('expected the value to be rejected');
}

describe('str', () => {
  it('keeps the value as written', () => expect(str().parse(' a b ')).toBe(' a b '));
  it('rejects an empty value unless allowed', () => {
    expect(rejection(() => str().parse('  '))).toBe('the value is empty');
    expect(str({ allowEmpty: true }).parse('')).toBe('');
  });
});

describe('int', () => {
  it('parses signed decimal integers', () => {
    expect(int().parse('42')).toBe(42);
    expect(int().parse('-7')).toBe(-7);
    expect(int().parse(' +3 ')).toBe(3);
  });
  it.each(['abc', '1.5', '1e3', '0x10', '', '99999999999999999999'])('rejects %j as not an integer', (raw) => {
    expect(rejection(() => int().parse(raw))).toBe(`${JSON.stringify(raw)} is not an integer`);
  });
  it('rejects values outside the range, naming it', () => {
    expect(rejection(() => int({ min: 1, max: 10 }).parse('11'))).toBe('"11" is out of range 1..10');
    expect(rejection(() => int({ min: 1 }).parse('0'))).toBe('"0" is out of range >= 1');
    expect(rejection(() => int({ max: 5 }).parse('6'))).toBe('"6" is out of range <= 5');
  });
  it('port accepts 0..65535, or 1..65535 when zero is not allowed', () => {
    expect(port().parse('0')).toBe(0);
    expect(port().parse('65535')).toBe(65_535);
    expect(rejection(() => port().parse('65536'))).toBe('"65536" is out of range 0..65535');
    expect(rejection(() => port({ allowZero: false }).parse('0'))).toBe('"0" is out of range 1..65535');
  });
});

describe('duration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['1.1s', 1_100],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['0', 0],
  ])('parses %s as %i ms', (raw, ms) => expect(duration().parse(raw)).toBe(ms));
  it.each(['5', '5x', 's', '-1s', '1.0005s', '5 s'])('rejects %j', (raw) => {
    expect(rejection(() => duration().parse(raw))).toBe(`${JSON.stringify(raw)} is not a duration (e.g. 500ms, 5s, 2m, 1h)`);
  });
  it('rejects values outside the range', () => {
    expect(rejection(() => duration({ minMs: 100, maxMs: 60_000 }).parse('2m'))).toBe('"2m" is out of range 100ms..1m');
    expect(rejection(() => duration({ minMs: 100 }).parse('50ms'))).toBe('"50ms" is out of range 100ms..');
  });
  it('formats in the largest whole unit', () => {
    expect([0, 250, 5_000, 90_000, 120_000, 3_600_000].map(formatDuration)).toEqual(['0ms', '250ms', '5s', '90s', '2m', '1h']);
  });
});

describe('bool', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['Off', false],
  ])('parses %s', (raw, value) => expect(bool().parse(raw)).toBe(value));
  it('rejects other words', () => expect(rejection(() => bool().parse('maybe'))).toBe('"maybe" is not a boolean (true or false)'));
  it('means true when the flag is given bare', () => expect(bool().bareValue).toBe('true'));
});

describe('oneOf', () => {
  const level = oneOf(['debug', 'info'] as const);
  it('matches case-insensitively and returns the declared spelling', () => expect(level.parse('INFO')).toBe('info'));
  it('lists the choices when rejecting', () => expect(rejection(() => level.parse('loud'))).toBe('"loud" is not one of debug, info'));
});

describe('list', () => {
  it('splits on commas, trims items and freezes the result', () => {
    const value = list(int()).parse(' 1, 2 ,3');
    expect(value).toEqual([1, 2, 3]);
    expect(Object.isFrozen(value)).toBe(true);
  });
  it('rejects an empty item', () => expect(rejection(() => list(str()).parse('a,,b'))).toBe('"a,,b" has an empty item'));
  it('rejects too few items', () => {
    expect(rejection(() => list(str()).parse(''))).toBe('"" lists 0 item(s), at least 1 required');
    expect(list(str(), { minItems: 0 }).parse('')).toEqual([]);
  });
  it('reports the first bad item', () => expect(rejection(() => list(int()).parse('1,x'))).toBe('"x" is not an integer'));
  it('formats back to the comma-separated form', () => expect(list(int()).format([1, 2])).toBe('1,2'));
});

describe('url', () => {
  const redis = url({ protocols: ['redis', 'rediss:'] });
  it('accepts the allowed protocols and keeps the text', () => {
    expect(redis.parse('redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
    expect(redis.parse('rediss://cache:6380')).toBe('rediss://cache:6380');
  });
  it('rejects a non-URL', () => expect(rejection(() => redis.parse('localhost:6379'))).toBe('"localhost:6379" is not a redis: or rediss: URL'));
  it('rejects garbage', () => expect(rejection(() => redis.parse('::'))).toBe('"::" is not a URL'));
  it('never prints a password', () => {
    const message = rejection(() => url({ protocols: ['postgres'] }).parse('mysql://app:s3cret@db/x'));
    expect(message).toBe('"mysql://app:***@db/x" is not a postgres: URL');
    expect(redactUrl('postgres://app:s3cret@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    expect(redactUrl('postgres://app@db/x')).toBe('postgres://app@db/x');
  });
});

describe('hostPort', () => {
  it.each(['127.0.0.1:9092', 'kafka-0.kafka.svc:9092', '[::1]:9092', 'localhost:1'])('accepts %s', (raw) => {
    expect(hostPort().parse(raw)).toBe(raw);
  });
  it.each(['foo', ':9092', 'host:', 'host:abc', 'ho st:1', 'a:b:1'])('rejects %j', (raw) => {
    expect(rejection(() => hostPort().parse(raw))).toBe(`${JSON.stringify(raw)} is not host:port`);
  });
  it('rejects a port out of range', () => {
    expect(rejection(() => hostPort().parse('h:0'))).toBe('"h:0" has a port outside 1..65535');
    expect(rejection(() => hostPort().parse('h:65536'))).toBe('"h:65536" has a port outside 1..65535');
  });
});

it('shortens very long values so the message stays one short line', () => {
  const message = rejection(() => int().parse('x'.repeat(500)));
  expect(message.length).toBeLessThan(120);
});
