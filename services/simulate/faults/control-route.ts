// The control endpoint: POST /__control/<action> with an optional JSON body
// triggers a fault or steers the replay; GET /__control/state reports both.
// It answers only clients on the loopback interface, whatever address the
// simulator listens on. Bad requests get 400 with {"error": "..."}.
//
//   POST /__control/drop              {"abrupt": true}
//   POST /__control/delay             {"ms": 250}          (0 stops delaying)
//   POST /__control/server-shutdown   {"graceMs": 1000}
//   POST /__control/malformed         {"kind": "invalid-json" | "wrong-types", "count": 1, "symbol": "XRPETH"}
//   POST /__control/refuse            {"ms": 5000, "mode": "http-503" | "reset"}
//   POST /__control/stall             {"ms": 5000}
//   POST /__control/clear
//   POST /__control/pause, /__control/resume
//   GET  /__control/state
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MalformedKind, RefuseMode, SimulatorFaults } from './fault-types.js';

export const CONTROL_PREFIX = '/__control/';

export interface ReplaySteering {
  pause(): void;
  resume(): void;
  state(): object;
}

type Body = Record<string, unknown>;
type Action = (body: Body) => unknown;

const MAX_BODY_BYTES = 16 * 1024;

export function createControlHandler(faults: SimulatorFaults, replay: ReplaySteering) {
  const actions: Readonly<Record<string, Action>> = {
    drop: (body) => ({ dropped: faults.dropConnections({ abrupt: optionalBoolean(body, 'abrupt') }) }),
    delay: (body) => (faults.delayFrames(requiredNumber(body, 'ms')), faults.state()),
    'server-shutdown': (body) => ({ notified: faults.serverShutdown({ graceMs: optionalNumber(body, 'graceMs') }) }),
    malformed: (body) => ({
      sent: faults.sendMalformed(oneOf<MalformedKind>(body, 'kind', ['invalid-json', 'wrong-types']), {
        count: optionalNumber(body, 'count'),
        symbol: optionalString(body, 'symbol'),
      }),
    }),
    refuse: (body) => (faults.refuseConnections(requiredNumber(body, 'ms'), { mode: optionalOneOf<RefuseMode>(body, 'mode', ['http-503', 'reset']) }), faults.state()),
    stall: (body) => (faults.stall(requiredNumber(body, 'ms')), faults.state()),
    clear: () => (faults.clear(), faults.state()),
    pause: () => (replay.pause(), replay.state()),
    resume: () => (replay.resume(), replay.state()),
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isLoopback(request.socket.remoteAddress)) return reply(response, 403, { error: 'the control endpoint answers loopback clients only' });
    const action = new URL(request.url ?? '/', 'http://simulator').pathname.slice(CONTROL_PREFIX.length);
    if (action === 'state' && request.method === 'GET') return reply(response, 200, { faults: faults.state(), replay: replay.state() });
    const run = actions[action];
    if (run === undefined) return reply(response, 404, { error: `unknown control action ${JSON.stringify(action)}` });
    if (request.method !== 'POST') return reply(response, 405, { error: 'use POST' });
    try {
      reply(response, 200, run(await readBody(request)) ?? {});
    } catch (error) {
      reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

async function readBody(request: IncomingMessage): Promise<Body> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) throw new Error('request body too large');
  }
  if (text.trim() === '') return {};
  const body: unknown = JSON.parse(text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('the body must be a JSON object');
  return body as Body;
}

function requiredNumber(body: Body, name: string): number {
  const value = optionalNumber(body, name);
  if (value === undefined) throw new Error(`${name} is required (a number)`);
  return value;
}

function optionalNumber(body: Body, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new Error(`${name} must be a number`);
  return value;
}

function optionalBoolean(body: Body, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new Error(`${name} must be true or false`);
}

function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new Error(`${name} must be a string`);
}

function oneOf<T extends string>(body: Body, name: string, values: readonly T[]): T {
  const value = optionalOneOf(body, name, values);
  if (value === undefined) throw new Error(`${name} is required (${values.join(' or ')})`);
  return value;
}

function optionalOneOf<T extends string>(body: Body, name: string, values: readonly T[]): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) throw new Error(`${name} must be ${values.join(' or ')}`);
  return value as T;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
