import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { createCounter, createMetricsRegistry } from '../metrics/registry.js';
import { startHttpServer, type HttpServerOptions, type ServiceHttpServer } from './server.js';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(server: ServiceHttpServer, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${server.url}${path}`, { method, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const servers: ServiceHttpServer[] = [];
async function start(overrides: Partial<HttpServerOptions> = {}): Promise<ServiceHttpServer> {
  const registry = createMetricsRegistry({ service: 'http-test', defaultMetrics: false });
  createCounter(registry, { name: 'wick_test_requests_total', help: 'Requests.' }).inc(3);
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, registry, logger: silentLogger(), ...overrides });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close(100)));
});

const never = (signal: AbortSignal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));

describe('service HTTP server', () => {
  it('binds an ephemeral port on the given host', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('serves Prometheus text from the injected registry on /metrics', async () => {
    const server = await start();
    const reply = await call(server, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(reply.body).toContain('wick_test_requests_total{service="http-test"} 3');
  });

  it('answers /healthz while alive, also for HEAD and with a query string', async () => {
    const server = await start();
    expect(await call(server, '/healthz')).toMatchObject({ status: 200, body: '{"status":"alive"}' });
    expect(await call(server, '/healthz?probe=1', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('reports ready with every check when all pass', async () => {
    const server = await start();
    server.addReadinessCheck({ name: 'kafka', check: async () => undefined });
    server.addReadinessCheck({ name: 'redis', check: async () => undefined });
    const reply = await call(server, '/readyz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ready: true, checks: { kafka: 'ok', redis: 'ok' }, failing: [] });
  });

  it('answers 503 naming the failing and the timed-out dependency', async () => {
    const server = await start({ readinessTimeoutMs: 50 });
    server.addReadinessCheck({ name: 'kafka', check: async () => undefined });
    server.addReadinessCheck({ name: 'redis', check: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379\nstack')) });
    server.addReadinessCheck({ name: 'postgres', check: never });
    const started = Date.now();
    const reply = await call(server, '/readyz');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toEqual({
      ready: false,
      checks: { kafka: 'ok', redis: 'failed: connect ECONNREFUSED 127.0.0.1:6379', postgres: 'timed out after 50ms' },
      failing: ['redis', 'postgres'],
    });
  });

  it('shares one readiness run between concurrent probes', async () => {
    const server = await start();
    let runs = 0;
    server.addReadinessCheck({
      name: 'slow',
      check: async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    });
    const replies = await Promise.all([call(server, '/readyz'), call(server, '/readyz'), call(server, '/readyz')]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(runs).toBe(1);
    await call(server, '/readyz');
    expect(runs).toBe(2);
  });

  it('answers 503 once draining, without running checks', async () => {
    const server = await start();
    server.addReadinessCheck({ name: 'kafka', check: async () => undefined });
    server.setDraining();
    const reply = await call(server, '/readyz');
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toMatchObject({ ready: false, reason: 'shutting down' });
    expect((await call(server, '/healthz')).status).toBe(200);
  });

  it('rejects a second check under the same name', async () => {
    const server = await start();
    server.addReadinessCheck({ name: 'kafka', check: async () => undefined });
    expect(() => server.addReadinessCheck({ name: 'kafka', check: async () => undefined })).toThrow('registered twice');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const server = await start();
    expect(await call(server, '/nope')).toMatchObject({ status: 404, body: '{"error":"not found"}' });
    const reply = await call(server, '/metrics', 'POST');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  it('hands every other path to the mounted fallback, and turns its failure into 500', async () => {
    const server = await start();
    server.setFallback(async (incoming, response) => {
      if (incoming.url === '/boom') throw new Error('handler bug');
      response.writeHead(201, { 'content-type': 'text/plain' }).end(`${incoming.method} ${incoming.url}`);
    });
    expect(await call(server, '/wick.v1.CandleService/GetCandles', 'POST')).toMatchObject({
      status: 201,
      body: 'POST /wick.v1.CandleService/GetCandles',
    });
    expect(await call(server, '/boom')).toMatchObject({ status: 500, body: '{"error":"internal error"}' });
    expect((await call(server, '/healthz')).status).toBe(200);
  });

  it('fails clearly when the port is taken', async () => {
    const first = await start();
    await expect(start({ port: first.port })).rejects.toThrow(`cannot listen on 127.0.0.1:${first.port}: EADDRINUSE`);
  });

  it('closes promptly even with an idle keep-alive connection open', async () => {
    const server = await start();
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request(`${server.url}/healthz`, { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const started = Date.now();
    await server.close(2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    agent.destroy();
    await expect(call(server, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('cuts a request still in flight once the grace period ends', async () => {
    const server = await start();
    server.setFallback(() => undefined); // never answers, like a stuck stream
    const pending = call(server, '/stream');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
