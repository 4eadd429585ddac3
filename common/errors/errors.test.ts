import { Writable } from 'node:stream';
import { create, createFileRegistry, type DescService } from '@bufbuild/protobuf';
import { file_google_protobuf_wrappers, FileDescriptorProtoSchema, StringValueSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, createRouterTransport, type ServiceImpl } from '@connectrpc/connect';
import { errorToJson } from '@connectrpc/connect/protocol-connect';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WICK_ERROR_CODES } from './codes.js';
import { CONNECT_RULES, errorInterceptor, toConnectCode, toConnectError } from './connect.js';
import { isWickError, WickError } from './wick-error.js';

describe('WickError', () => {
  it('carries code, message, cause and details', () => {
    const cause = new Error('ECONNREFUSED 10.0.0.7:6379');
    const error = new WickError('unavailable', 'redis is down', { cause, details: { key: 'bars:BTCUSDT' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WickError');
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe('redis is down');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ key: 'bars:BTCUSDT' });
  });

  it('is recognised by isWickError, optionally by code', () => {
    const error = new WickError('not_found', 'unknown symbol FOOBAR');
    expect(isWickError(error)).toBe(true);
    expect(isWickError(error, 'not_found')).toBe(true);
    expect(isWickError(error, 'internal')).toBe(false);
    expect(isWickError(new Error('x'))).toBe(false);
  });
});

describe('mapping to Connect', () => {
  it('gives every code a rule', () => {
    expect(Object.keys(CONNECT_RULES).sort()).toEqual([...WICK_ERROR_CODES].sort());
  });

  it.each([
    ['invalid_argument', Code.InvalidArgument],
    ['malformed_data', Code.Internal],
    ['not_found', Code.NotFound],
    ['already_exists', Code.AlreadyExists],
    ['failed_precondition', Code.FailedPrecondition],
    ['conflict', Code.Aborted],
    ['unauthenticated', Code.Unauthenticated],
    ['permission_denied', Code.PermissionDenied],
    ['rate_limited', Code.ResourceExhausted],
    ['unimplemented', Code.Unimplemented],
    ['unavailable', Code.Unavailable],
    ['timeout', Code.DeadlineExceeded],
    ['cancelled', Code.Canceled],
    ['internal', Code.Internal],
  ] as const)('maps %s to %s', (code, expected) => expect(toConnectCode(code)).toBe(expected));

  it('shows client-facing messages and keeps the cause for logs', () => {
    const cause = new Error('no row');
    const mapped = toConnectError(new WickError('not_found', 'unknown symbol FOOBAR', { cause }));
    expect(mapped.code).toBe(Code.NotFound);
    expect(mapped.rawMessage).toBe('unknown symbol FOOBAR');
    expect((mapped.cause as WickError).cause).toBe(cause);
  });

  it('hides server-side messages and causes from the wire', () => {
    const secret = 'password authentication failed for user "wick" at 10.0.0.5';
    const mapped = toConnectError(new WickError('unavailable', secret, { cause: new Error(secret) }));
    expect(mapped.code).toBe(Code.Unavailable);
    expect(mapped.rawMessage).toBe('service temporarily unavailable');
    expect(JSON.stringify(errorToJson(mapped, undefined))).toBe('{"code":"unavailable","message":"service temporarily unavailable"}');
  });

  it('maps unknown throws to internal and aborts to cancelled, keeping the original', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'close')");
    const mapped = toConnectError(bug);
    expect([mapped.code, mapped.rawMessage, mapped.cause]).toEqual([Code.Internal, 'internal error', bug]);
    expect(toConnectError('a string').code).toBe(Code.Internal);
    expect(toConnectError(new DOMException('stop', 'AbortError')).code).toBe(Code.Canceled);
  });

  it('passes a ConnectError shaped by a handler through unchanged', () => {
    const shaped = new ConnectError('limit must be <= 1000', Code.OutOfRange);
    expect(toConnectError(shaped)).toBe(shaped);
  });
});

describe('errorInterceptor on a real Connect router', () => {
  // A minimal service built from a descriptor, so this test does not depend on generated code.
  const probeFile = create(FileDescriptorProtoSchema, {
    name: 'probe.proto',
    package: 'test.v1',
    syntax: 'proto3',
    dependency: ['google/protobuf/wrappers.proto'],
    service: [
      {
        name: 'Probe',
        method: [
          { name: 'Unary', inputType: '.google.protobuf.StringValue', outputType: '.google.protobuf.StringValue' },
          { name: 'Stream', inputType: '.google.protobuf.StringValue', outputType: '.google.protobuf.StringValue', serverStreaming: true },
        ],
      },
    ],
  });
  const registry = createFileRegistry(probeFile, (name) => (name === 'google/protobuf/wrappers.proto' ? file_google_protobuf_wrappers : undefined));
  const service = registry.getService('test.v1.Probe') as DescService;

  function failure(kind: string): unknown {
    if (kind === 'missing') return new WickError('not_found', 'unknown symbol FOOBAR');
    if (kind === 'db') return new WickError('unavailable', 'postgres at 10.0.0.5 refused', { cause: new Error('ECONNREFUSED 10.0.0.5:5432') });
    return new TypeError('x is undefined');
  }

  function setup() {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    // The descriptor is built at run time, so the compiler cannot type the implementation.
    const implementation = {
      unary: (request: { value: string }) => {
        throw failure(request.value);
      },
      async *stream(request: { value: string }) {
        yield create(StringValueSchema, { value: 'first' });
        throw failure(request.value);
      },
    } as unknown as ServiceImpl<DescService>;
    const transport = createRouterTransport((router) => router.service(service, implementation), {
      router: { interceptors: [errorInterceptor(logger)] },
    });
    return { client: createClient(service, transport) as unknown as ProbeClient, lines };
  }

  interface ProbeClient {
    unary(request: { value: string }): Promise<{ value: string }>;
    stream(request: { value: string }): AsyncIterable<{ value: string }>;
  }

  async function unaryError(client: ProbeClient, value: string): Promise<ConnectError> {
    try {
      await client.unary({ value });
    } catch (error) {
      return ConnectError.from(error);
    }
    throw new Error('expected the call to fail');
  }

  it('sends client-facing errors as they are, logged at info', async () => {
    const { client, lines } = setup();
    const error = await unaryError(client, 'missing');
    expect([error.code, error.rawMessage]).toEqual([Code.NotFound, 'unknown symbol FOOBAR']);
    expect(lines).toEqual([expect.objectContaining({ level: 30, rpc: 'test.v1.Probe/Unary', code: 'NotFound', msg: 'rpc failed' })]);
  });

  it('hides server faults from the client and logs them with the cause at error', async () => {
    const { client, lines } = setup();
    const error = await unaryError(client, 'db');
    expect([error.code, error.rawMessage, error.cause]).toEqual([Code.Unavailable, 'service temporarily unavailable', undefined]);
    // pino's error serializer appends the cause chain to the message.
    expect(lines[0]).toMatchObject({
      level: 50,
      code: 'Unavailable',
      err: { type: 'WickError', message: 'postgres at 10.0.0.5 refused: ECONNREFUSED 10.0.0.5:5432' },
    });

    const bug = await unaryError(client, 'bug');
    expect([bug.code, bug.rawMessage]).toEqual([Code.Internal, 'internal error']);
  });

  it('maps failures in the middle of a server stream too', async () => {
    const { client, lines } = setup();
    const received: string[] = [];
    let caught: ConnectError | undefined;
    try {
      for await (const message of client.stream({ value: 'db' })) received.push(message.value);
    } catch (error) {
      caught = ConnectError.from(error);
    }
    expect(received).toEqual(['first']);
    expect([caught?.code, caught?.rawMessage]).toEqual([Code.Unavailable, 'service temporarily unavailable']);
    expect(lines[0]).toMatchObject({ rpc: 'test.v1.Probe/Stream', code: 'Unavailable' });
  });
});
