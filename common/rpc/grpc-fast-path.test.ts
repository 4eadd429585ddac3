import { create, createFileRegistry, fromBinary, toBinary, type DescService } from '@bufbuild/protobuf';
import { file_google_protobuf_wrappers, FileDescriptorProtoSchema, StringValueSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, type ServiceImpl } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { connect } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { WickError } from '../errors/index.js';
import { startHttpServer, type ServiceHttpServer } from '../http/index.js';
import { silentLogger } from '../log/index.js';
import { createMetricsRegistry } from '../metrics/index.js';
import { grpcFastPath, grpcFrames, grpcRoute, type GrpcCall } from './grpc-fast-path.js';
import { createRpcHandler } from './rpc-handler.js';

// A probe service built from a descriptor: Stream(StringValue) returns (stream StringValue).
const file = create(FileDescriptorProtoSchema, {
  name: 'probe.proto',
  package: 'probe.v1',
  syntax: 'proto3',
  dependency: ['google/protobuf/wrappers.proto'],
  service: [{ name: 'Probe', method: [{ name: 'Stream', inputType: '.google.protobuf.StringValue', outputType: '.google.protobuf.StringValue', serverStreaming: true }] }],
});
const registry = createFileRegistry(file, (name) => (name === 'google/protobuf/wrappers.proto' ? file_google_protobuf_wrappers : undefined));
const service = registry.getService('probe.v1.Probe') as DescService;
interface ProbeClient {
  stream(request: { value: string }, options?: { timeoutMs?: number }): AsyncIterable<{ value: string }>;
}

const value = (text: string) => toBinary(StringValueSchema, create(StringValueSchema, { value: text }));

/** The fast path's behaviour, chosen by the request's value. */
async function serveProbe(request: { value: string }, call: GrpcCall): Promise<void> {
  const [command, argument] = request.value.split(':');
  if (command === 'count') {
    for (let i = 0; i < Number(argument); i += 1) if (!call.write(grpcFrames([value(`fast ${i}`)]))) await call.drained();
    return;
  }
  if (command === 'batch') {
    call.write(grpcFrames([value('a'), value('b'), value('c')]));
    return;
  }
  if (command === 'fail') throw new ConnectError('50% of ünïcode\nlimits', Code.ResourceExhausted);
  if (command === 'secret') throw new WickError('unavailable', 'postgres at 10.0.0.5 refused');
  if (command === 'wait') await new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve()));
}

const servers: ServiceHttpServer[] = [];
async function start(routeKind: 'unary' | 'server-streaming' = 'server-streaming'): Promise<ServiceHttpServer> {
  const server = await startHttpServer({
    host: '127.0.0.1', port: 0, registry: createMetricsRegistry({ service: 'fast-path-test', defaultMetrics: false }), logger: silentLogger(), h2c: true,
  });
  // Connect serves the same method differently, so a test can tell which path answered.
  const implementation = {
    async *stream(request: { value: string }) {
      yield create(StringValueSchema, { value: `connect ${request.value}` });
    },
  } as unknown as ServiceImpl<DescService>;
  const fallback = createRpcHandler({ routes: (router) => router.service(service, implementation), logger: silentLogger() });
  const route = grpcRoute({ path: '/probe.v1.Probe/Stream', kind: routeKind, decode: (bytes) => fromBinary(StringValueSchema, bytes), serve: serveProbe });
  server.setFallback(grpcFastPath([route], { logger: silentLogger() }, fallback));
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close(200)));
});

async function collect(messages: AsyncIterable<{ value: string }>): Promise<{ values: string[]; error?: ConnectError }> {
  const values: string[] = [];
  try {
    for await (const message of messages) values.push(message.value);
  } catch (error) {
    return { values, error: ConnectError.from(error) };
  }
  return { values };
}

type ClientKind = 'grpc' | 'grpc-web h1' | 'grpc-web h2' | 'connect h1' | 'connect h2';
const FAST_CLIENTS: readonly ClientKind[] = ['grpc', 'grpc-web h1', 'grpc-web h2', 'connect h1', 'connect h2'];

function client(server: ServiceHttpServer, kind: ClientKind, useBinaryFormat = true): ProbeClient {
  const baseUrl = server.url;
  const transport = kind === 'grpc' ? createGrpcTransport({ baseUrl })
    : kind.startsWith('grpc-web') ? createGrpcWebTransport({ baseUrl, httpVersion: kind.endsWith('h1') ? '1.1' : '2', useBinaryFormat })
    : createConnectTransport({ baseUrl, httpVersion: kind.endsWith('h1') ? '1.1' : '2', useBinaryFormat });
  return createClient(service, transport) as unknown as ProbeClient;
}

describe('fast path', () => {
  it.each(FAST_CLIENTS)('serves binary %s itself, several messages per write', async (kind) => {
    const server = await start();
    expect(await collect(client(server, kind).stream({ value: 'count:3' }))).toEqual({ values: ['fast 0', 'fast 1', 'fast 2'] });
    expect(await collect(client(server, kind).stream({ value: 'batch' }))).toEqual({ values: ['a', 'b', 'c'] });
  });

  it('hands JSON (Connect, gRPC-Web) and Connect calls of a unary route to the fallback', async () => {
    const server = await start();
    for (const kind of ['grpc-web h1', 'connect h1', 'connect h2'] as const) {
      expect(await collect(client(server, kind, false).stream({ value: 'count:3' }))).toEqual({ values: ['connect count:3'] });
    }
    const unary = await start('unary');
    expect(await collect(client(unary, 'connect h2').stream({ value: 'count:3' }))).toEqual({ values: ['connect count:3'] });
    expect(await collect(client(unary, 'grpc-web h2').stream({ value: 'count:3' }))).toEqual({ values: ['fast 0', 'fast 1', 'fast 2'] });
  });

  it.each(FAST_CLIENTS)('sends the status of a failure over %s, without the cause of a server fault', async (kind) => {
    const server = await start();
    const failed = await collect(client(server, kind).stream({ value: 'fail' }));
    expect([failed.error?.code, failed.error?.rawMessage]).toEqual([Code.ResourceExhausted, '50% of ünïcode\nlimits']);
    const hidden = await collect(client(server, kind).stream({ value: 'secret' }));
    expect([hidden.error?.code, hidden.error?.rawMessage]).toEqual([Code.Unavailable, 'service temporarily unavailable']);
  });

  it.each(FAST_CLIENTS)('ends a %s call at its deadline with DEADLINE_EXCEEDED', async (kind) => {
    const server = await start();
    const started = Date.now();
    const { error } = await collect(client(server, kind).stream({ value: 'wait' }, { timeoutMs: 200 }));
    expect(error?.code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each(['grpc', 'connect h1'] as const)('keeps writing through backpressure over %s until everything arrived', async (kind) => {
    const server = await start();
    const { values } = await collect(client(server, kind).stream({ value: 'count:20000' }));
    expect(values).toHaveLength(20_000);
    expect(values.at(-1)).toBe('fast 19999');
  });

  it('answers a request that is no gRPC message with INVALID_ARGUMENT', async () => {
    const server = await start();
    const session = connect(server.url);
    const trailers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/probe.v1.Probe/Stream', 'content-type': 'application/grpc', te: 'trailers' });
      stream.on('trailers', (headers) => resolve(headers));
      stream.on('error', reject);
      stream.resume();
      stream.end(Buffer.from([0, 0, 0, 0, 9, 1, 2]));
    });
    session.destroy();
    expect(trailers['grpc-status']).toBe(String(Code.InvalidArgument));
    expect(trailers['grpc-message']).toBe('request is not one uncompressed enveloped message');
  });
});
