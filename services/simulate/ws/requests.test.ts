import { describe, expect, it } from 'vitest';
import { errorReply, parseRequest, resultReply } from './requests.js';

function reply(text: string): unknown {
  const parsed = parseRequest(text);
  if (parsed.ok) throw new Error(`expected an error for ${text}`);
  return JSON.parse(parsed.reply);
}

function command(text: string): unknown {
  const parsed = parseRequest(text);
  if (!parsed.ok) throw new Error(`unexpected error ${parsed.reply}`);
  return parsed.command;
}

describe('stream requests (web-socket-streams.md, Live Subscribing/Unsubscribing)', () => {
  it('reads the documented requests', () => {
    expect(command('{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth"],"id":1}')).toEqual({
      method: 'SUBSCRIBE',
      streams: ['btcusdt@aggTrade', 'btcusdt@depth'],
      id: '1',
    });
    expect(command('{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":312}')).toEqual({ method: 'UNSUBSCRIBE', streams: ['btcusdt@depth'], id: '312' });
    expect(command('{"method":"LIST_SUBSCRIPTIONS","id":3}')).toEqual({ method: 'LIST_SUBSCRIPTIONS', id: '3' });
    expect(command('{"method":"SET_PROPERTY","params":["combined",true],"id":5}')).toEqual({ method: 'SET_PROPERTY', value: true, id: '5' });
    expect(command('{"method":"GET_PROPERTY","params":["combined"],"id":2}')).toEqual({ method: 'GET_PROPERTY', id: '2' });
  });

  it('accepts the documented id forms: 64-bit signed integers (echoed digit for digit), alphanumeric strings up to 36, null', () => {
    expect(command('{"method":"LIST_SUBSCRIPTIONS","id":-9223372036854775808}')).toMatchObject({ id: '-9223372036854775808' });
    expect(command('{"method":"LIST_SUBSCRIPTIONS","id":9223372036854775807}')).toMatchObject({ id: '9223372036854775807' });
    expect(command('{"method":"LIST_SUBSCRIPTIONS","id":"e2a85d9f-07a5-4f94-8d5f-789dc3deb097"}')).toMatchObject({ id: '"e2a85d9f-07a5-4f94-8d5f-789dc3deb097"' });
    expect(command('{"method":"LIST_SUBSCRIPTIONS","id":null}')).toMatchObject({ id: 'null' });
    const invalid = { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null };
    for (const id of ['9223372036854775808', '1.5', '"a b"', `"${'x'.repeat(37)}"`, 'true', '{}']) {
      expect(reply(`{"method":"LIST_SUBSCRIPTIONS","id":${id}}`)).toEqual(invalid);
    }
    expect(reply('{"method":"LIST_SUBSCRIPTIONS"}')).toEqual(invalid);
  });

  it('answers invalid JSON with code 3 and where it broke', () => {
    expect(reply('{"method": SUBSCRIBE}')).toEqual({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 12' }, id: null });
    expect(reply('{"method":"SUBSCRIBE",\n "id": }')).toEqual({ error: { code: 3, msg: 'Invalid JSON: expected value at line 2 column 8' }, id: null });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS"')).toEqual({ error: { code: 3, msg: 'Invalid JSON: EOF while parsing a value at line 1 column 30' }, id: null });
  });

  it('answers a missing or unknown method with code 2, as serde reports it', () => {
    expect(reply('{"params":[],"id":1}')).toEqual({ error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 20' }, id: null });
    expect(reply('{"method":"SUBSCRIB","params":[],"id":1}')).toEqual({
      error: {
        code: 2,
        msg: 'Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 20',
      },
      id: null,
    });
  });

  it('refuses an invalid stream name, keeping the id', () => {
    expect(reply('{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","not a stream"],"id":2}')).toEqual({
      error: { code: 2, msg: 'Invalid request: invalid stream' },
      id: 2,
    });
    expect(reply('{"method":"UNSUBSCRIBE","params":[42],"id":2}')).toMatchObject({ error: { code: 2 }, id: 2 });
  });

  it('checks properties: only `combined`, a boolean value, at most two parameters', () => {
    expect(reply('{"method":"SET_PROPERTY","params":["other",true],"id":5}')).toEqual({ error: { code: 0, msg: 'Unknown property' }, id: 5 });
    expect(reply('{"method":"SET_PROPERTY","params":["combined","true"],"id":5}')).toEqual({ error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 5 });
    expect(reply('{"method":"SET_PROPERTY","params":[true,true],"id":5}')).toEqual({ error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 5 });
    expect(reply('{"method":"GET_PROPERTY","params":[],"id":5}')).toEqual({ error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 5 });
    expect(reply('{"method":"SET_PROPERTY","params":["combined",true,1],"id":5}')).toEqual({ error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 5 });
    expect(reply('{"method":"GET_PROPERTY","params":["combined","x"],"id":5}')).toEqual({ error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 5 });
    expect(reply('{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":5}')).toEqual({ error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 5 });
  });

  it('writes replies as Binance does: result first, then id', () => {
    expect(resultReply(null, '1')).toBe('{"result":null,"id":1}');
    expect(resultReply(['btcusdt@aggTrade'], '"abc"')).toBe('{"result":["btcusdt@aggTrade"],"id":"abc"}');
    expect(errorReply(0, 'Unknown property', '7')).toBe('{"error":{"code":0,"msg":"Unknown property"},"id":7}');
  });
});
