import { createServer, request } from 'node:http';
import { connect, type ClientHttp2Session } from 'node:http2';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { createMetricsRegistry } from '../metrics/registry.js';
import { addH2c } from './h2c.js';
import { startHttpServer, type ServiceHttpServer } from './server.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

function http1(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

function http2(session: ClientHttp2Session, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ':method': method });
    let status = 0;
    let body = '';
    stream.setEncoding('utf8');
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve({ status, body }));
    stream.on('error', reject);
    stream.end();
  });
}

const servers: ServiceHttpServer[] = [];
const sessions: ClientHttp2Session[] = [];
async function start(): Promise<ServiceHttpServer> {
  const registry = createMetricsRegistry({ service: 'h2c-test', defaultMetrics: false });
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, registry, logger: silentLogger(), h2c: true });
  servers.push(server);
  return server;
}
function session(server: ServiceHttpServer): ClientHttp2Session {
  const opened = connect(server.url);
  opened.on('error', () => undefined);
  sessions.push(opened);
  return opened;
}
afterEach(async () => {
  for (const opened of sessions.splice(0)) opened.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close(100)));
});

describe('h2c beside HTTP/1.1 on one port', () => {
  it('serves the ops endpoints over both protocols', async () => {
    const server = await start();
    expect(await http1(`${server.url}/healthz`)).toEqual({ status: 200, body: '{"status":"alive"}' });
    expect(await http2(session(server), '/healthz')).toEqual({ status: 200, body: '{"status":"alive"}' });
    expect((await http2(session(server), '/metrics')).status).toBe(200);
  });

  it('hands both protocols to the fallback, which sees the HTTP version', async () => {
    const server = await start();
    server.setFallback((incoming, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`${incoming.httpVersion} ${incoming.method} ${incoming.url}`);
    });
    expect(await http1(`${server.url}/api?x=1`)).toEqual({ status: 200, body: '1.1 GET /api?x=1' });
    const client = session(server);
    const replies = await Promise.all([http2(client, '/a', 'POST'), http2(client, '/b')]);
    expect(replies).toEqual([{ status: 200, body: '2.0 POST /a' }, { status: 200, body: '2.0 GET /b' }]);
  });

  it('closes promptly with an idle HTTP/2 session open', async () => {
    const server = await start();
    const client = session(server);
    await http2(client, '/healthz');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const started = Date.now();
    await server.close(2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    await closed;
  });

  it('lets an HTTP/2 stream in flight finish within the grace period, then closes', async () => {
    const server = await start();
    server.setFallback((_incoming, response) => {
      setTimeout(() => response.end('late answer'), 150);
    });
    const client = session(server);
    const pending = http2(client, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await server.close(2_000);
    expect(await pending).toEqual({ status: 200, body: 'late answer' });
  });

  it('cuts an HTTP/2 stream still open when the grace period ends', async () => {
    const server = await start();
    server.setFallback(() => undefined);
    const pending = http2(session(server), '/stuck');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await server.close(100);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The session is destroyed: the stream ends without a response (or errors).
    expect(await pending.catch(() => ({ status: 0, body: '' }))).toEqual({ status: 0, body: '' });
  });
});

describe('addH2c', () => {
  it('closes a connection that sends nothing within the first-bytes timeout', async () => {
    const server = createServer((_request, response) => response.end());
    addH2c(server, () => undefined, { logger: silentLogger(), firstBytesTimeoutMs: 50 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const socket = new Socket();
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
    });
    socket.connect(port, '127.0.0.1');
    expect(await closed).toBeLessThan(1_000);
    await new Promise((resolve) => server.close(resolve));
  });

  it('treats a request split inside the first bytes as HTTP/1.1', async () => {
    const server = createServer((_request, response) => response.end('h1'));
    addH2c(server, () => undefined, { logger: silentLogger() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const socket = new Socket();
    let received = '';
    const done = new Promise<void>((resolve) => socket.on('end', () => resolve()));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.connect(port, '127.0.0.1');
    // "P" could still be the preface; "PO" cannot.
    socket.write('P');
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write('OST / HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    await done;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(received.endsWith('h1')).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });
});
