import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, LocalWsServer } from '../testing/local-ws-server.js';
import type { SocketEvents } from './feed-socket.js';
import { wsSocketOpener } from './ws-socket.js';

let server: LocalWsServer;

beforeEach(async () => {
  server = await LocalWsServer.start();
});

afterEach(async () => {
  await server.close();
});

function recorder() {
  const log: string[] = [];
  const events: SocketEvents = {
    open: () => log.push('open'),
    message: (data, receivedAt) => log.push(`message ${data.toString()} ${typeof receivedAt}`),
    ping: () => log.push('ping'),
    close: (code) => log.push(`close ${code}`),
    error: (error) => log.push(`error ${error.message}`),
  };
  return { log, events };
}

const open = wsSocketOpener({ handshakeTimeoutMs: 2_000, closeTimeoutMs: 200 });

describe('wsSocketOpener', () => {
  it('answers a ping with a pong carrying the same payload, by itself (Binance requires it)', async () => {
    const { log, events } = recorder();
    open(`${server.url}/stream?streams=btcusdt@aggTrade`, events);
    const connection = await server.waitForConnections(1);
    expect(connection.path).toBe('/stream?streams=btcusdt@aggTrade');
    connection.socket.ping('1700000000000');
    await eventually(() => connection.pongs.length === 1);
    expect(connection.pongs).toEqual(['1700000000000']);
    expect(log).toContain('ping');
  });

  it('delivers frames with their receive time, sends text, and reports the close', async () => {
    const { log, events } = recorder();
    const socket = open(server.url, events);
    const connection = await server.waitForConnections(1);
    await eventually(() => log.includes('open'));
    connection.socket.send('{"e":"aggTrade"}');
    socket.send('{"method":"SUBSCRIBE"}');
    await eventually(() => connection.received.length === 1 && log.length >= 2);
    expect(connection.received).toEqual(['{"method":"SUBSCRIBE"}']);
    connection.socket.close(1001, 'going away');
    await eventually(() => log.includes('close 1001'));
    expect(log).toEqual(['open', 'message {"e":"aggTrade"} number', 'close 1001']);
  });

  it('cuts the socket when the server never answers the close frame', async () => {
    const { log, events } = recorder();
    const socket = open(server.url, events);
    const connection = await server.waitForConnections(1);
    await eventually(() => log.includes('open'));
    // A server that stops reading never answers the closing handshake.
    (connection.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    socket.close(1000, 'bye');
    await eventually(() => log.some((line) => line.startsWith('close')), 2_000);
    expect(log.at(-1)).toBe('close 1006');
  });

  it('reports a failed connection as error then close', async () => {
    const { log, events } = recorder();
    open('ws://127.0.0.1:1', events);
    await eventually(() => log.some((line) => line.startsWith('close')));
    expect(log[0]).toMatch(/^error /);
    expect(log.at(-1)).toBe('close 1006');
  });
});
